# label: false cwe: 90 class: ldap-injection
# Bind DN built with ldap.dn.escape_dn_chars.
import ldap
import ldap.dn
from aiohttp import web


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    user_dn = "uid=%s,ou=people,dc=example,dc=com" % ldap.dn.escape_dn_chars(form["user"])
    conn = ldap.initialize("ldap://ldap")
    try:
        conn.simple_bind_s(user_dn, form["password"])
    except ldap.INVALID_CREDENTIALS:
        raise web.HTTPUnauthorized() from None
    return web.json_response({"ok": True})


app = web.Application()
app.router.add_post("/login", login)
