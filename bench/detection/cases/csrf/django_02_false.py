# label: false cwe: 352 class: csrf
# ensure_csrf_cookie sets the token cookie; nothing is exempted.
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie


@ensure_csrf_cookie
def app_shell(request):
    return render(request, "shell.html")
