# label: false cwe: 89 class: sql-injection
# Formatted query, but only with a module constant; the request value is bound.
import psycopg2
from aiohttp import web

TABLE = "audit_log"


async def audit_count(request: web.Request) -> web.Response:
    actor = request.match_info["actor"]
    conn = psycopg2.connect("dbname=app")
    cursor = conn.cursor()
    cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE actor = %s", (actor,))
    return web.json_response({"count": cursor.fetchone()[0]})


app = web.Application()
app.router.add_get("/audit/{actor}", audit_count)
