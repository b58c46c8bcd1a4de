# label: true cwe: 89 class: sql-injection
# FastAPI query parameter in an f-string passed to execute.
import sqlite3

from fastapi import FastAPI

app = FastAPI()
conn = sqlite3.connect("app.db", check_same_thread=False)


@app.get("/users")
def get_user(name: str):
    rows = conn.execute(f"SELECT id, email FROM users WHERE name = '{name}'").fetchall()
    return {"rows": rows}
