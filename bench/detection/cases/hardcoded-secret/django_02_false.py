# label: false cwe: 798 class: hardcoded-secret
# JWT verified with a public key from settings.
import jwt
from django.conf import settings
from django.http import HttpResponseForbidden, JsonResponse


def me(request):
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, settings.JWT_PUBLIC_KEY, algorithms=["RS256"])
    except jwt.InvalidTokenError:
        return HttpResponseForbidden()
    return JsonResponse({"user": claims["sub"]})
