# label: false cwe: 1336 class: ssti
# aiohttp_jinja2.render_template with a template name and context.
import aiohttp_jinja2
from aiohttp import web


async def greet(request: web.Request) -> web.Response:
    context = {"name": request.query.get("name", "guest")}
    return aiohttp_jinja2.render_template("greet.html", request, context)


app = web.Application()
app.router.add_get("/greet", greet)
