# label: true cwe: 601 class: open-redirect
# Cookie value used as the redirect location after login.
from aiohttp import web


async def login_done(request: web.Request) -> web.Response:
    location = request.cookies.get("after_login", "/")
    raise web.HTTPSeeOther(location=location)


app = web.Application()
app.router.add_get("/login/done", login_done)
