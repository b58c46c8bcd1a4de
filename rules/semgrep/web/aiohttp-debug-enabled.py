import os

import aiohttp_debugtoolbar
from aiohttp import web

# ruleid: aiohttp-debug-enabled
app = web.Application(debug=True)

# ruleid: aiohttp-debug-enabled
aiohttp_debugtoolbar.setup(app)

# Near misses: debug off, or read from the environment.

# ok: aiohttp-debug-enabled
production = web.Application()

# ok: aiohttp-debug-enabled
configured = web.Application(debug=os.environ.get("APP_DEBUG") == "1")
