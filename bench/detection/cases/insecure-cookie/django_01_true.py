# label: true cwe: 1004 class: insecure-cookie
# Auth cookie readable by scripts and sent over plain HTTP.
import secrets

from django.http import HttpResponse


def login(request):
    response = HttpResponse("welcome")
    response.set_cookie("auth", secrets.token_urlsafe(32), httponly=False)
    return response
