# label: true cwe: 916 class: weak-hash
# Salted SHA-1 is still a fast hash for passwords.
import hashlib
import os

from aiohttp import web


async def register(request: web.Request) -> web.Response:
    form = await request.post()
    salt = os.urandom(8)
    digest = hashlib.sha1(salt + form["password"].encode()).hexdigest()
    request.app["users"][form["user"]] = (salt.hex(), digest)
    return web.Response(text="created")


app = web.Application()
app.router.add_post("/register", register)
