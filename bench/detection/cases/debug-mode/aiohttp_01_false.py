# label: false cwe: 489 class: debug-mode
# aiohttp app without debug; verbose access logging only.
import logging

from aiohttp import web


async def index(request: web.Request) -> web.Response:
    return web.Response(text="hello")


logging.getLogger("aiohttp.access").setLevel(logging.DEBUG)
app = web.Application()
app.router.add_get("/", index)

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=8080)
