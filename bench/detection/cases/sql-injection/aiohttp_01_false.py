# label: false cwe: 89 class: sql-injection
# aiosqlite execute with a placeholder.
import aiosqlite
from aiohttp import web


async def posts(request: web.Request) -> web.Response:
    async with aiosqlite.connect("blog.db") as db:
        cursor = await db.execute("SELECT title FROM posts WHERE tag = ?", (request.query["tag"],))
        rows = await cursor.fetchall()
    return web.json_response({"titles": [r[0] for r in rows]})


app = web.Application()
app.router.add_get("/posts", posts)
