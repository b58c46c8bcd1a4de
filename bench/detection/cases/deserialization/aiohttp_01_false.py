# label: false cwe: 502 class: deserialization
# json.loads of the request text.
import json

from aiohttp import web


async def load(request: web.Request) -> web.Response:
    obj = json.loads(await request.text())
    return web.json_response({"type": type(obj).__name__})


app = web.Application()
app.router.add_post("/load", load)
