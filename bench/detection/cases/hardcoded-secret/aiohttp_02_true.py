# label: true cwe: 798 class: hardcoded-secret
# Webhook HMAC key is a literal.
import hashlib
import hmac

from aiohttp import web

WEBHOOK_SECRET = b"whsec_4f9a8b7c6d5e4f3a2b1c"


async def webhook(request: web.Request) -> web.Response:
    body = await request.read()
    expected = hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
        raise web.HTTPUnauthorized()
    return web.Response(text="ok")


app = web.Application()
app.router.add_post("/webhook", webhook)
