# label: false cwe: 798 class: hardcoded-secret
# Names of headers and form fields, not secrets.
import os

from aiohttp import web

TOKEN_HEADER = "X-Api-Token"
PASSWORD_FIELD = "password"
API_TOKEN = os.environ["API_TOKEN"]


async def login(request: web.Request) -> web.Response:
    if request.headers.get(TOKEN_HEADER) != API_TOKEN:
        raise web.HTTPUnauthorized()
    form = await request.post()
    return web.json_response({"has_password": bool(form.get(PASSWORD_FIELD))})


app = web.Application()
app.router.add_post("/login", login)
