# label: true cwe: 501 class: trust-boundary
# aiohttp_session filled from a query parameter.
from aiohttp import web
from aiohttp_session import get_session


async def set_role(request: web.Request) -> web.Response:
    session = await get_session(request)
    session["role"] = request.query["role"]
    return web.Response(text="ok")


app = web.Application()
app.router.add_get("/role", set_role)
