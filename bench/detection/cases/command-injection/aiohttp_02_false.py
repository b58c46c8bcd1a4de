# label: false cwe: 78 class: command-injection
# The JSON body picks a folder from a fixed mapping; exec without a shell.
import asyncio

from aiohttp import web

FOLDERS = {"media": "/srv/media", "uploads": "/srv/uploads"}


async def backup(request: web.Request) -> web.Response:
    data = await request.json()
    name = data.get("folder", "")
    if name not in FOLDERS:
        raise web.HTTPBadRequest(text="unknown folder")
    proc = await asyncio.create_subprocess_exec("zip", "-r", "/backups/latest.zip", FOLDERS[name])
    await proc.wait()
    return web.json_response({"ok": True})


app = web.Application()
app.router.add_post("/backup", backup)
