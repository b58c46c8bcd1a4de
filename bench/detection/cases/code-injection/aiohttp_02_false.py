# label: false cwe: 95 class: code-injection
# Query value converted with int() before it is formatted into the expression.
from aiohttp import web


async def square(request: web.Request) -> web.Response:
    n = int(request.query.get("n", "0"))
    value = eval(f"{n} ** 2")
    return web.json_response({"value": value})


app = web.Application()
app.router.add_get("/square", square)
