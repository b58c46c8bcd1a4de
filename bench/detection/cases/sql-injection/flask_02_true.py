# label: true cwe: 89 class: sql-injection
# Query built with an f-string on an earlier line.
import sqlite3

from flask import Flask, g, request

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("shop.db")
    return g.db


@app.route("/orders")
def orders():
    status = request.args.get("status", "open")
    query = f"SELECT id, total FROM orders WHERE status = '{status}'"
    rows = get_db().execute(query).fetchall()
    return {"orders": rows}
