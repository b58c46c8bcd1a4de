# label: true cwe: 614 class: insecure-cookie
# aiohttp auth cookie with no flags.
import secrets

from aiohttp import web


async def login(request: web.Request) -> web.Response:
    resp = web.Response(text="welcome")
    resp.set_cookie("auth", secrets.token_urlsafe(32))
    return resp


app = web.Application()
app.router.add_post("/login", login)
