"""SQLite access for notes and users, plus read-only queries on the analytics warehouse."""

import sqlite3

import sqlalchemy
from flask import current_app, g


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(_error=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def find_user(username):
    return get_db().execute(
        "SELECT id, username, password_hash, is_admin FROM users WHERE username = ?",
        (username,),
    ).fetchone()


def search_notes(owner_id, term, sort="updated_at"):
    db = get_db()
    query = (
        f"SELECT id, title, updated_at FROM notes WHERE owner_id = {owner_id} "
        f"AND (title LIKE '%{term}%' OR body LIKE '%{term}%') ORDER BY {sort} DESC"
    )
    return db.execute(query).fetchall()


def note_by_id(note_id):
    return get_db().execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()


def weekly_activity(engine, team):
    with engine.connect() as conn:
        stmt = sqlalchemy.text(
            "SELECT day, count(*) FROM note_events WHERE team = '%s' GROUP BY day" % team
        )
        return conn.execute(stmt).all()
