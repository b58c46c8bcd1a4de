# label: false cwe: 502 class: deserialization
# yaml.load with the C safe loader.
import yaml
from aiohttp import web


async def settings(request: web.Request) -> web.Response:
    cfg = yaml.load(await request.text(), Loader=yaml.CSafeLoader)
    return web.json_response({"keys": sorted(cfg)})


app = web.Application()
app.router.add_post("/settings", settings)
