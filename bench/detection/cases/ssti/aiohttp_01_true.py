# label: true cwe: 1336 class: ssti
# f-string with request data used as template source.
import jinja2
from aiohttp import web


async def greet(request: web.Request) -> web.Response:
    source = f"Hi {request.query['name']}, you have {{{{ count }}}} messages"
    text = jinja2.Template(source).render(count=3)
    return web.Response(text=text)


app = web.Application()
app.router.add_get("/greet", greet)
