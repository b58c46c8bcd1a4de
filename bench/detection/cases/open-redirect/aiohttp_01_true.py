# label: true cwe: 601 class: open-redirect
# aiohttp HTTPFound to a query parameter.
from aiohttp import web


async def jump(request: web.Request) -> web.Response:
    raise web.HTTPFound(request.query["to"])


app = web.Application()
app.router.add_get("/jump", jump)
