# label: false cwe: 338 class: weak-random
# Session id from secrets.token_hex.
import secrets

from aiohttp import web


async def login(request: web.Request) -> web.Response:
    session_id = secrets.token_hex(16)
    request.app["sessions"][session_id] = request.remote
    resp = web.json_response({"ok": True})
    resp.set_cookie("sid", session_id, secure=True, httponly=True)
    return resp


app = web.Application()
app.router.add_post("/login", login)
