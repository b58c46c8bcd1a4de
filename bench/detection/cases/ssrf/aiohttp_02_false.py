# label: false cwe: 918 class: ssrf
# Order id converted with int() into a fixed-host URL.
import urllib3
from aiohttp import web

http = urllib3.PoolManager()


async def order(request: web.Request) -> web.Response:
    order_id = int(request.match_info["id"])
    resp = http.request("GET", f"https://orders.internal/api/orders/{order_id}", timeout=5.0)
    return web.json_response({"status": resp.status})


app = web.Application()
app.router.add_get("/orders/{id}", order)
