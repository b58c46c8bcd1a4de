from flask import abort, g


def delete_note(note):
    # ruleid: assert-for-authorization
    assert g.user.is_admin or note.owner_id == g.user.id, "not allowed"
    note.delete()


def export_all(user):
    # ruleid: assert-for-authorization
    assert user.has_perm("notes.export")
    return []


class NoteAdmin:
    def purge(self, request):
        # ruleid: assert-for-authorization
        assert request.user.is_superuser
        return "purged"


def change_title(note, title):
    # Near miss: an invariant about data, not about the caller.
    # ok: assert-for-authorization
    assert isinstance(title, str) and title.strip(), "title must be text"
    note.title = title


def delete_note_safely(note):
    # ok: assert-for-authorization
    if not (g.user.is_admin or note.owner_id == g.user.id):
        abort(403)
    note.delete()


def paginate(items, size):
    # ok: assert-for-authorization
    assert size > 0
    return [items[i : i + size] for i in range(0, len(items), size)]
