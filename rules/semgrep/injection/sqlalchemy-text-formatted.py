from sqlalchemy import text
import sqlalchemy


def notes_by_owner(session, owner):
    # ruleid: sqlalchemy-text-formatted
    return session.execute(text(f"SELECT * FROM notes WHERE owner = '{owner}'")).all()


def count_in(conn, table):
    # ruleid: sqlalchemy-text-formatted
    return conn.execute(sqlalchemy.text("SELECT count(*) FROM " + table)).scalar()


def by_tag(conn, tag):
    # ruleid: sqlalchemy-text-formatted
    stmt = text("SELECT * FROM notes WHERE tag = '%s'" % tag)
    return conn.execute(stmt).all()


def notes_by_owner_safely(session, owner):
    # Near miss: a bound parameter.
    # ok: sqlalchemy-text-formatted
    stmt = text("SELECT * FROM notes WHERE owner = :owner").bindparams(owner=owner)
    return session.execute(stmt).all()


def recent(conn):
    # ok: sqlalchemy-text-formatted
    return conn.execute(text("SELECT * FROM notes " "ORDER BY created DESC LIMIT 10")).all()


def top_rows(request):
    # Near miss: a number cannot carry SQL syntax.
    limit = int(request.args["limit"])
    # ok: sqlalchemy-text-formatted
    return text("SELECT * FROM notes LIMIT %d" % limit)
