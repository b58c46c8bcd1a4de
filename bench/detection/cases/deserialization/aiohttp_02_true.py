# label: true cwe: 502 class: deserialization
# yaml.unsafe_load of the request text.
import yaml
from aiohttp import web


async def settings(request: web.Request) -> web.Response:
    cfg = yaml.unsafe_load(await request.text())
    return web.json_response({"keys": sorted(cfg)})


app = web.Application()
app.router.add_post("/settings", settings)
