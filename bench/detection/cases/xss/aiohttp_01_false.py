# label: false cwe: 79 class: xss
# aiohttp web.Response(text=...) is text/plain by default.
from aiohttp import web


async def title(request: web.Request) -> web.Response:
    return web.Response(text=request.query.get("title", ""))


app = web.Application()
app.router.add_get("/title", title)
