# label: true cwe: 78 class: command-injection
# JSON body field into os.system.
import os

from aiohttp import web


async def backup(request: web.Request) -> web.Response:
    data = await request.json()
    target = data["path"]
    os.system("zip -r /backups/latest.zip " + target)
    return web.json_response({"ok": True})


app = web.Application()
app.router.add_post("/backup", backup)
