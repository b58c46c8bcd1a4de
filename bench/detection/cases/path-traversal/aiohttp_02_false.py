# label: false cwe: 22 class: path-traversal
# Constant file; the query string is only logged.
import logging
from pathlib import Path

from aiohttp import web

STATIC = Path("/srv/static")
log = logging.getLogger(__name__)


async def index(request: web.Request) -> web.FileResponse:
    log.info("index requested with ref=%s", request.query.get("ref", "-"))
    return web.FileResponse(STATIC / "index.html")


app = web.Application()
app.router.add_get("/", index)
