# label: false cwe: 1336 class: ssti
# Template source chosen by name from constants.
import jinja2
from aiohttp import web

env = jinja2.Environment(autoescape=True)
TEMPLATES = {"short": "Hi {{ user }}", "long": "Hello {{ user }}, welcome back."}


async def render(request: web.Request) -> web.Response:
    key = request.query.get("style", "short")
    if key not in TEMPLATES:
        raise web.HTTPBadRequest()
    return web.Response(text=env.from_string(TEMPLATES[key]).render(user="ada"))


app = web.Application()
app.router.add_get("/render", render)
