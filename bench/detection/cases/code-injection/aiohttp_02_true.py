# label: true cwe: 94 class: code-injection
# Form field built into source on an earlier line, then exec.
from aiohttp import web


async def formula(request: web.Request) -> web.Response:
    data = await request.post()
    code = "result = " + data["formula"]
    ns = {"price": 100}
    exec(code, ns)
    return web.json_response({"result": ns["result"]})


app = web.Application()
app.router.add_post("/formula", formula)
