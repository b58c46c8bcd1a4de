# label: true cwe: 776 class: xxe
# minidom on request text.
from xml.dom import minidom

from aiohttp import web


async def parse(request: web.Request) -> web.Response:
    doc = minidom.parseString(await request.text())
    return web.json_response({"root": doc.documentElement.tagName})


app = web.Application()
app.router.add_post("/parse", parse)
