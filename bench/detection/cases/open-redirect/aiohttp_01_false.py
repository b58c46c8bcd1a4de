# label: false cwe: 601 class: open-redirect
# yarl URL host checked against an allow-list.
from aiohttp import web
from yarl import URL

ALLOWED = {"example.com", "docs.example.com"}


async def jump(request: web.Request) -> web.Response:
    target = URL(request.query.get("to", "/"))
    if target.host not in ALLOWED:
        target = URL("/")
    raise web.HTTPFound(target)


app = web.Application()
app.router.add_get("/jump", jump)
