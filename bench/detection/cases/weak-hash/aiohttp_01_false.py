# label: false cwe: 916 class: weak-hash
# PBKDF2-HMAC-SHA256 with many iterations for passwords.
import hashlib
import os

from aiohttp import web


async def register(request: web.Request) -> web.Response:
    form = await request.post()
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", form["password"].encode(), salt, 600_000)
    request.app["users"][form["user"]] = (salt, digest)
    return web.Response(text="created")


app = web.Application()
app.router.add_post("/register", register)
