# label: true cwe: 328 class: weak-hash
# hashlib.new("sha1") over the password.
import hashlib

from aiohttp import web


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    digest = hashlib.new("sha1", form["password"].encode()).hexdigest()
    if request.app["users"].get(form["user"]) != digest:
        raise web.HTTPUnauthorized()
    return web.Response(text="welcome")


app = web.Application()
app.router.add_post("/login", login)
