# label: false cwe: 601 class: open-redirect
# Named URL pattern; the POST data is only stored.
from django.shortcuts import redirect

from notes.models import Note


def save_note(request):
    Note.objects.create(owner=request.user, text=request.POST.get("text", ""))
    return redirect("notes:list")
