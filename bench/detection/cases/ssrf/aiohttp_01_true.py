# label: true cwe: 918 class: ssrf
# aiohttp ClientSession.get of a query parameter.
import aiohttp
from aiohttp import web


async def fetch(request: web.Request) -> web.Response:
    async with aiohttp.ClientSession() as session:
        async with session.get(request.query["u"]) as resp:
            body = await resp.text()
    return web.Response(text=body)


app = web.Application()
app.router.add_get("/fetch", fetch)
