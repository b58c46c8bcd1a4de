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


def publish(current_user, post):
    # ruleid: assert-for-authorization
    assert current_user.is_admin
    post.publish()


def download(request, report):
    # ruleid: assert-for-authorization
    assert is_authorized(request), "forbidden"
    return report


def add_member(team, login, role):
    # Near miss: argument validation that mentions a role value, not the caller's rights.
    # ok: assert-for-authorization
    assert role in ["member", "maintainer"]
    # ok: assert-for-authorization
    assert login is not None
    # ok: assert-for-authorization
    assert isinstance(team.id, int)
    team.add(login, role)


def set_owner(note, owner_id):
    # ok: assert-for-authorization
    assert owner_id > 0, "owner_id must be positive"
    note.owner_id = owner_id
