# label: true cwe: 89 class: sql-injection
# Where clause built by a local helper from a path parameter.
import psycopg2
from aiohttp import web


def where_clause(field, value):
    return f"{field} = '{value}'"


async def profile(request: web.Request) -> web.Response:
    email = request.match_info["email"]
    conn = psycopg2.connect("dbname=app")
    cursor = conn.cursor()
    cursor.execute("SELECT id, name FROM users WHERE " + where_clause("email", email))
    return web.json_response({"user": cursor.fetchone()})


app = web.Application()
app.router.add_get("/profile/{email}", profile)
