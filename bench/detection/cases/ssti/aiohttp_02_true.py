# label: true cwe: 1336 class: ssti
# Mako template compiled from the request body.
from aiohttp import web
from mako.template import Template


async def render(request: web.Request) -> web.Response:
    template = Template(await request.text())
    return web.Response(text=template.render(user="ada"))


app = web.Application()
app.router.add_post("/render", render)
