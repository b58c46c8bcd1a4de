# label: false cwe: 918 class: ssrf
# Constant URL; the request only sets a header value.
import aiohttp
from aiohttp import web

RATES_URL = "https://rates.example.com/v1/latest"


async def rates(request: web.Request) -> web.Response:
    headers = {"Accept-Language": request.headers.get("Accept-Language", "en")}
    async with aiohttp.ClientSession() as session:
        async with session.get(RATES_URL, headers=headers) as resp:
            return web.json_response(await resp.json())


app = web.Application()
app.router.add_get("/rates", rates)
