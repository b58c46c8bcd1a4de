# label: false cwe: 614 class: insecure-cookie
# Auth cookie with every flag set.
import secrets

from django.http import HttpResponse


def login(request):
    response = HttpResponse("welcome")
    response.set_cookie(
        "auth", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Strict"
    )
    return response
