# label: false cwe: 601 class: open-redirect
# Redirect to a named route of the application.
from aiohttp import web


async def login_done(request: web.Request) -> web.Response:
    raise web.HTTPSeeOther(location=request.app.router["index"].url_for())


async def index(request: web.Request) -> web.Response:
    return web.Response(text="home")


app = web.Application()
app.router.add_get("/", index, name="index")
app.router.add_get("/login/done", login_done)
