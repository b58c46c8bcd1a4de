# label: true cwe: 601 class: open-redirect
# django.shortcuts.redirect to a POST field.
from django.shortcuts import redirect


def save_and_continue(request):
    destination = request.POST.get("continue", "/")
    return redirect(destination)
