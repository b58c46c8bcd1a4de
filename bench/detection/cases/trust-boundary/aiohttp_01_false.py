# label: false cwe: 501 class: trust-boundary
# Server-side timestamp in the session.
import time

from aiohttp import web
from aiohttp_session import get_session


async def touch(request: web.Request) -> web.Response:
    session = await get_session(request)
    session["last_seen"] = time.time()
    return web.Response(text="ok")


app = web.Application()
app.router.add_get("/touch", touch)
