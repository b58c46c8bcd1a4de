# label: false cwe: 643 class: xpath-injection
# Name checked against the known users before it is used in the expression.
from aiohttp import web
from lxml import etree

TREE = etree.parse("/srv/users.xml")
KNOWN = {str(n) for n in TREE.xpath("//user/@name")}


async def user_roles(request: web.Request) -> web.Response:
    name = request.match_info["user"]
    if name not in KNOWN:
        raise web.HTTPNotFound()
    roles = TREE.xpath("//user[@name='" + name + "']/role/text()")
    return web.json_response({"roles": [str(r) for r in roles]})


app = web.Application()
app.router.add_get("/users/{user}/roles", user_roles)
