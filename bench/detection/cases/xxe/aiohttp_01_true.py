# label: true cwe: 776 class: xxe
# Standard-library ElementTree on request bytes (entity expansion).
import xml.etree.ElementTree as ET

from aiohttp import web


async def upload(request: web.Request) -> web.Response:
    data = await request.read()
    root = ET.fromstring(data)
    return web.json_response({"children": len(root)})


app = web.Application()
app.router.add_post("/upload", upload)
