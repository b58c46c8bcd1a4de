import sqlite3
import sys

db = sqlite3.connect("app.db")


def find_user(name):
    cur = db.cursor()
    # ruleid: sql-execute-formatted
    cur.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
    return cur.fetchone()


def delete_note(note_id):
    # ruleid: sql-execute-formatted
    db.execute("DELETE FROM notes WHERE id = %s" % note_id)


def search(term, order):
    query = "SELECT * FROM notes WHERE title LIKE '%" + term + "%'"
    query += " ORDER BY " + order
    # ruleid: sql-execute-formatted
    return db.execute(query).fetchall()


def rename(table, old, new):
    # ruleid: sql-execute-formatted
    db.execute("UPDATE {} SET name = ? WHERE name = ?".format(table), (new, old))


def notes_for(owner_id, term):
    query = (
        f"SELECT id, title FROM notes WHERE owner_id = {owner_id} "
        f"AND title LIKE '%{term}%'"
    )
    # ruleid: sql-execute-formatted
    return db.execute(query).fetchall()


def pinned_notes():
    query = (
        "SELECT id, title FROM notes "
        "WHERE pinned = 1 ORDER BY updated_at DESC"
    )
    # ok: sql-execute-formatted
    return db.execute(query).fetchall()


def find_user_safely(name):
    # Near miss: a placeholder, with the value passed separately.
    # ok: sql-execute-formatted
    return db.execute("SELECT id, email FROM users WHERE name = ?", (name,)).fetchone()


def active_users():
    # ok: sql-execute-formatted
    return db.execute("SELECT id FROM users " + "WHERE active = 1").fetchall()


def log_query(logger, name):
    # Near miss: formatted text that is logged, not executed.
    # ok: sql-execute-formatted
    logger.info(f"SELECT for user {name} took too long")


def recent(request):
    # Near miss: a number cannot carry SQL syntax.
    limit = int(request.args.get("limit", "10"))
    # ok: sql-execute-formatted
    return db.execute("SELECT * FROM notes ORDER BY id DESC LIMIT %d" % limit).fetchall()


def by_sort(column):
    query = "SELECT * FROM notes ORDER BY " + column
    # Near miss: the computed statement is replaced by a constant before the call.
    query = "SELECT * FROM notes ORDER BY id"
    # ok: sql-execute-formatted
    return db.execute(query).fetchall()


def from_argv():
    # ruleid: sql-execute-formatted
    return db.execute(f"SELECT * FROM {sys.argv[1]}").fetchall()
