# label: true cwe: 798 class: hardcoded-secret
# JWT verified with a literal shared secret.
import jwt
from django.http import HttpResponseForbidden, JsonResponse


def me(request):
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, "shared-secret-123", algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return HttpResponseForbidden()
    return JsonResponse({"user": claims["sub"]})
