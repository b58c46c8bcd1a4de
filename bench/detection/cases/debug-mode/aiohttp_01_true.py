# label: true cwe: 489 class: debug-mode
# aiohttp application created in debug mode.
from aiohttp import web


async def index(request: web.Request) -> web.Response:
    return web.Response(text="hello")


app = web.Application(debug=True)
app.router.add_get("/", index)

if __name__ == "__main__":
    web.run_app(app, host="0.0.0.0", port=8080)
