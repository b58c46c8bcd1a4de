# label: true cwe: 90 class: ldap-injection
# aiohttp query parameter into python-ldap search_ext_s.
import ldap
from aiohttp import web


async def members(request: web.Request) -> web.Response:
    group = request.query["group"]
    conn = ldap.initialize("ldap://ldap.example.net")
    found = conn.search_ext_s(
        "dc=example,dc=net", ldap.SCOPE_SUBTREE, "(&(objectClass=posixGroup)(cn=" + group + "))"
    )
    return web.json_response({"count": len(found)})


app = web.Application()
app.router.add_get("/members", members)
