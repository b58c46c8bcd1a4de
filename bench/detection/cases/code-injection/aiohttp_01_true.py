# label: true cwe: 95 class: code-injection
# Query parameter evaluated in an aiohttp handler.
from aiohttp import web


async def compute(request: web.Request) -> web.Response:
    expr = request.query.get("q", "0")
    value = eval(expr)
    return web.json_response({"value": value})


app = web.Application()
app.router.add_get("/compute", compute)
