# label: false cwe: 611 class: xxe
# lxml with entity resolution off and network access off.
from aiohttp import web
from lxml import etree


async def parse(request: web.Request) -> web.Response:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(await request.read(), parser)
    return web.json_response({"root": root.tag})


app = web.Application()
app.router.add_post("/parse", parse)
