# label: true cwe: 338 class: weak-random
# aiohttp session id from random.getrandbits.
import random

from aiohttp import web


async def login(request: web.Request) -> web.Response:
    session_id = hex(random.getrandbits(128))[2:]
    request.app["sessions"][session_id] = request.remote
    resp = web.json_response({"ok": True})
    resp.set_cookie("sid", session_id, secure=True, httponly=True)
    return resp


app = web.Application()
app.router.add_post("/login", login)
