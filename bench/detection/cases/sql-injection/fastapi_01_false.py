# label: false cwe: 89 class: sql-injection
# FastAPI query parameter bound with a placeholder.
import sqlite3

from fastapi import FastAPI

app = FastAPI()
conn = sqlite3.connect("app.db", check_same_thread=False)


@app.get("/users")
def get_user(name: str):
    rows = conn.execute("SELECT id, email FROM users WHERE name = ?", (name,)).fetchall()
    return {"rows": rows}
