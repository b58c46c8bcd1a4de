# label: true cwe: 601 class: open-redirect
# Starlette handler redirecting to request.query_params.
from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Route


async def out(request):
    url = request.query_params["url"]
    return RedirectResponse(url, status_code=302)


app = Starlette(routes=[Route("/out", out)])
