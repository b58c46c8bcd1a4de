# label: false cwe: 94 class: code-injection
# exec of a plugin file shipped next to the module, not request data.
from pathlib import Path

from aiohttp import web

PLUGIN = Path(__file__).with_name("plugin_hooks.py")


def load_hooks():
    scope = {}
    exec(compile(PLUGIN.read_text(), str(PLUGIN), "exec"), scope)
    return scope


async def hooks(request: web.Request) -> web.Response:
    return web.json_response(sorted(load_hooks()))


app = web.Application()
app.router.add_get("/hooks", hooks)
