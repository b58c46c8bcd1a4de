# label: true cwe: 22 class: path-traversal
# Multipart upload written under the part's file name.
import os

from aiohttp import web

DEST = "/srv/uploads"


async def upload(request: web.Request) -> web.Response:
    data = await request.post()
    field = data["file"]
    with open(os.path.join(DEST, field.filename), "wb") as out:
        out.write(field.file.read())
    return web.Response(text="stored")


app = web.Application()
app.router.add_post("/upload", upload)
