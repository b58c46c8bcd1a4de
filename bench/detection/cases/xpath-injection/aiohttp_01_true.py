# label: true cwe: 643 class: xpath-injection
# aiohttp path parameter in an XPath query.
from aiohttp import web
from lxml import etree

TREE = etree.parse("/srv/users.xml")


async def user_roles(request: web.Request) -> web.Response:
    name = request.match_info["user"]
    roles = TREE.xpath("//user[@name='" + name + "']/role/text()")
    return web.json_response({"roles": [str(r) for r in roles]})


app = web.Application()
app.router.add_get("/users/{user}/roles", user_roles)
