# label: true cwe: 90 class: ldap-injection
# Bind DN built from the posted user name (DN injection).
from aiohttp import web
from ldap3 import Connection, Server


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    user_dn = f"uid={form['user']},ou=people,dc=example,dc=com"
    conn = Connection(Server("ldap://ldap"), user=user_dn, password=form["password"])
    return web.json_response({"ok": conn.bind()})


app = web.Application()
app.router.add_post("/login", login)
