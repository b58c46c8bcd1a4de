# label: false cwe: 328 class: weak-hash
# Git-style SHA-1 object id, declared not for security.
import hashlib

from aiohttp import web


async def blob_id(request: web.Request) -> web.Response:
    data = await request.read()
    header = f"blob {len(data)}\0".encode()
    oid = hashlib.sha1(header + data, usedforsecurity=False).hexdigest()
    return web.json_response({"oid": oid})


app = web.Application()
app.router.add_post("/blob-id", blob_id)
