# label: true cwe: 215 class: debug-mode
# Starlette application in debug mode.
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def health(request):
    return JSONResponse({"ok": True})


app = Starlette(debug=True, routes=[Route("/health", health)])
