import sqlite3

import sqlalchemy
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, abort, request

from .models import Note

app = Flask(__name__)
api = FastAPI()
SORT_COLUMNS = ("title", "created")


def db():
    return sqlite3.connect("/srv/app.db")


def owner_param():
    owner = request.args.get("owner", "")
    return owner


@app.route("/search")
def search():
    term = request.args["q"]
    query = "SELECT id, title FROM notes WHERE title LIKE '%" + term + "%'"
    # ruleid: sql-injection
    return str(db().execute(query).fetchall())


@app.route("/by-owner")
def by_owner():
    sql = "SELECT * FROM notes WHERE owner = '%s'" % owner_param()
    cur = db().cursor()
    # ruleid: sql-injection
    cur.execute(sql)


@app.route("/note/<note_id>")
def note(note_id):
    stmt = "SELECT * FROM notes WHERE id = {}".format(note_id)
    with engine.connect() as conn:
        # ruleid: sql-injection
        conn.execute(sqlalchemy.text(stmt))


def django_report(request):
    since = request.GET["since"]
    q = "SELECT * FROM app_note WHERE created > '" + since + "'"
    # ruleid: sql-injection
    notes = Note.objects.raw(q)
    # ruleid: sql-injection
    Note.objects.extra(where=[f"owner_id = {request.GET['owner']}"])
    # ruleid: sql-injection
    Note.objects.annotate(rank=RawSQL("SELECT rank FROM r WHERE n = '%s'" % since, ()))
    with connection.cursor() as cursor:
        # ruleid: sql-injection
        cursor.execute(f"DELETE FROM app_note WHERE title = '{request.POST['title']}'")
    return HttpResponse(str(list(notes)))


@api.get("/users/{name}")
async def fastapi_user(name: str):
    query = f"SELECT * FROM users WHERE name = '{name}'"
    # ruleid: sql-injection
    return db().execute(query).fetchall()


async def aiohttp_handler(request):
    name = request.query["name"]
    sql = "SELECT * FROM users WHERE name = '%s'"
    sql = sql % name
    # ruleid: sql-injection
    await request.app["db"].execute(sql)


# Near misses: parameters, conversions, allow-lists and constants stay quiet.


@app.route("/safe-search")
def safe_search():
    term = request.args["q"]
    # ok: sql-injection
    return str(db().execute("SELECT id FROM notes WHERE title LIKE ?", ("%" + term + "%",)).fetchall())


def django_safe(request):
    since = request.GET["since"]
    # ok: sql-injection
    notes = Note.objects.raw("SELECT * FROM app_note WHERE created > %s", [since])
    limit = int(request.GET["limit"])
    # ok: sql-injection
    Note.objects.raw(f"SELECT * FROM app_note LIMIT {limit}")
    return HttpResponse(str(list(notes)))


@app.route("/sorted")
def sorted_notes():
    column = request.args["sort"]
    if column not in SORT_COLUMNS:
        abort(400)
    # ok: sql-injection
    return str(db().execute(f"SELECT * FROM notes ORDER BY {column}").fetchall())


def maintenance(table):
    # Not request data: a table name from the code's own caller.
    # ok: sql-injection
    db().execute("VACUUM")
    # ok: sql-injection
    db().execute(f"DELETE FROM {table} WHERE expired = 1")


@app.route("/bound")
def bound():
    stmt = sqlalchemy.text("SELECT * FROM notes WHERE owner = :owner")
    with engine.connect() as conn:
        # ok: sql-injection
        conn.execute(stmt, {"owner": request.args["owner"]})


def django_sorted(request):
    column = request.GET.get("sort", "name")
    if column not in SORT_COLUMNS:
        column = "title"
    # ok: sql-injection
    return db().execute(f"SELECT * FROM notes ORDER BY {column}")
