# label: false cwe: 79 class: xss
# aiohttp_jinja2 with autoescaping for HTML templates.
import aiohttp_jinja2
import jinja2
from aiohttp import web


@aiohttp_jinja2.template("search.html")
async def search(request: web.Request):
    return {"q": request.query.get("q", "")}


app = web.Application()
aiohttp_jinja2.setup(
    app, loader=jinja2.FileSystemLoader("templates"), autoescape=jinja2.select_autoescape(["html"])
)
app.router.add_get("/search", search)
