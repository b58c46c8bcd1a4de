# label: true cwe: 338 class: weak-random
# CSRF nonce from a random.Random instance.
import random

from aiohttp import web

rng = random.Random()


async def form(request: web.Request) -> web.Response:
    nonce = rng.randbytes(16).hex()
    request.app["nonces"].add(nonce)
    return web.Response(text=f"<input type='hidden' name='csrf' value='{nonce}'>", content_type="text/html")


app = web.Application()
app.router.add_get("/form", form)
