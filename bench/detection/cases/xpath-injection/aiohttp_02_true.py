# label: true cwe: 643 class: xpath-injection
# XPathEvaluator called with an expression built from JSON input.
from aiohttp import web
from lxml import etree

DOC = etree.parse("/srv/inventory.xml")


async def stock(request: web.Request) -> web.Response:
    body = await request.json()
    evaluate = etree.XPathEvaluator(DOC)
    count = evaluate("count(//item[@warehouse='%s'])" % body["warehouse"])
    return web.json_response({"count": count})


app = web.Application()
app.router.add_post("/stock", stock)
