# label: false cwe: 22 class: path-traversal
# basename plus containment check in an aiohttp handler.
import os

from aiohttp import web

STATIC = os.path.realpath("/srv/static")


async def static_file(request: web.Request) -> web.FileResponse:
    name = os.path.basename(request.match_info["name"])
    path = os.path.realpath(os.path.join(STATIC, name))
    if os.path.commonpath([STATIC, path]) != STATIC:
        raise web.HTTPForbidden()
    return web.FileResponse(path)


app = web.Application()
app.router.add_get("/static/{name}", static_file)
