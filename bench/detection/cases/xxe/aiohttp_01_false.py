# label: false cwe: 611 class: xxe
# defusedxml on request bytes.
from aiohttp import web
from defusedxml.ElementTree import fromstring


async def upload(request: web.Request) -> web.Response:
    root = fromstring(await request.read())
    return web.json_response({"children": len(root)})


app = web.Application()
app.router.add_post("/upload", upload)
