# label: false cwe: 90 class: ldap-injection
# Group name escaped before it is concatenated into the filter.
import ldap
from aiohttp import web
from ldap.filter import escape_filter_chars


async def members(request: web.Request) -> web.Response:
    group = escape_filter_chars(request.query["group"])
    conn = ldap.initialize("ldap://ldap.example.net")
    found = conn.search_ext_s(
        "dc=example,dc=net", ldap.SCOPE_SUBTREE, "(&(objectClass=posixGroup)(cn=" + group + "))"
    )
    return web.json_response({"count": len(found)})


app = web.Application()
app.router.add_get("/members", members)
