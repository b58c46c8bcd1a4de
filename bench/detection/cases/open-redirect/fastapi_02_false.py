# label: false cwe: 601 class: open-redirect
# Redirect to a route by name; the query value is a search term.
from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Route


async def search_redirect(request):
    term = request.query_params.get("q", "")
    url = request.url_for("search").include_query_params(q=term)
    return RedirectResponse(url, status_code=302)


async def search(request):
    return RedirectResponse("/")


app = Starlette(routes=[Route("/s", search_redirect), Route("/search", search, name="search")])
