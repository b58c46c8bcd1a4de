# label: true cwe: 918 class: ssrf
# urllib3 request to a callback URL from the JSON body.
import urllib3
from aiohttp import web

http = urllib3.PoolManager()


async def notify(request: web.Request) -> web.Response:
    data = await request.json()
    resp = http.request("POST", data["callback"], body=b"done", timeout=5.0)
    return web.json_response({"status": resp.status})


app = web.Application()
app.router.add_post("/notify", notify)
