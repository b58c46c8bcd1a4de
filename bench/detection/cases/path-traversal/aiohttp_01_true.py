# label: true cwe: 22 class: path-traversal
# aiohttp path parameter into web.FileResponse.
import os

from aiohttp import web

STATIC = "/srv/static"


async def static_file(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    return web.FileResponse(os.path.join(STATIC, name))


app = web.Application()
app.router.add_get("/static/{name:.*}", static_file)
