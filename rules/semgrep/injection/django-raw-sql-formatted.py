from django.db.models.expressions import RawSQL

from notes.models import Note


def notes_for(owner_id):
    # ruleid: django-raw-sql-formatted
    return Note.objects.raw(f"SELECT * FROM notes_note WHERE owner_id = {owner_id}")


def annotated(qs, column):
    # ruleid: django-raw-sql-formatted
    return qs.annotate(value=RawSQL("SELECT %s FROM notes_stats" % column, ()))


def filtered(qs, tag):
    # ruleid: django-raw-sql-formatted
    return qs.extra(where=["tag = '" + tag + "'"])


def notes_for_safely(owner_id):
    # Near miss: raw SQL, but the value goes through params.
    # ok: django-raw-sql-formatted
    return Note.objects.raw("SELECT * FROM notes_note WHERE owner_id = %s", [owner_id])


def annotated_safely(qs):
    # ok: django-raw-sql-formatted
    return qs.annotate(value=RawSQL("SELECT count(*) FROM notes_stats WHERE kind = %s", ("x",)))


def top_notes(request):
    # Near miss: a number cannot carry SQL syntax.
    limit = int(request.GET["limit"])
    # ok: django-raw-sql-formatted
    return Note.objects.raw("SELECT * FROM notes_note LIMIT %d" % limit)
