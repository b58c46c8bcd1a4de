import os

import aiohttp_debugtoolbar
from aiohttp import web
from fastapi import FastAPI
from starlette.applications import Starlette

# ruleid: app-debug-enabled
app = web.Application(debug=True)

# ruleid: app-debug-enabled
aiohttp_debugtoolbar.setup(app)

# ruleid: app-debug-enabled
api = FastAPI(debug=True, title="orders")

# ruleid: app-debug-enabled
asgi = Starlette(debug=True, routes=[])

# Near misses: debug off, or read from the environment.

# ok: app-debug-enabled
production = web.Application()

# ok: app-debug-enabled
configured = web.Application(debug=os.environ.get("APP_DEBUG") == "1")

# ok: app-debug-enabled
quiet = Starlette(debug=False)
