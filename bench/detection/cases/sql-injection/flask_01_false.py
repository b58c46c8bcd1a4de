# label: false cwe: 89 class: sql-injection
# sqlite3 execute with a ? placeholder.
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    cur.execute("SELECT id, email FROM users WHERE name = ?", (request.args["name"],))
    return {"rows": cur.fetchall()}
