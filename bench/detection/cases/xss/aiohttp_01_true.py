# label: true cwe: 79 class: xss
# text/html response containing a query parameter.
from aiohttp import web


async def title(request: web.Request) -> web.Response:
    heading = request.query.get("title", "")
    return web.Response(text=f"<h1>{heading}</h1>", content_type="text/html")


app = web.Application()
app.router.add_get("/title", title)
