# label: false cwe: 89 class: sql-injection
# Query string built on an earlier line, but with a placeholder and parameters.
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/orders")
def orders():
    status = request.args.get("status", "open")
    query = "SELECT id, total FROM orders WHERE status = ?"
    rows = sqlite3.connect("shop.db").execute(query, (status,)).fetchall()
    return {"orders": rows}
