# label: true cwe: 79 class: xss
# aiohttp_jinja2 set up with autoescaping off; the template shows request data.
import aiohttp_jinja2
import jinja2
from aiohttp import web


@aiohttp_jinja2.template("search.html")
async def search(request: web.Request):
    return {"q": request.query.get("q", "")}


app = web.Application()
aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader("templates"), autoescape=False)
app.router.add_get("/search", search)
