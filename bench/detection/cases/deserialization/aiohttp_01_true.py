# label: true cwe: 502 class: deserialization
# marshal.loads of the request body.
import marshal

from aiohttp import web


async def load_code(request: web.Request) -> web.Response:
    payload = await request.read()
    obj = marshal.loads(payload)
    return web.json_response({"type": type(obj).__name__})


app = web.Application()
app.router.add_post("/load", load_code)
