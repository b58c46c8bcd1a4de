# label: false cwe: 89 class: sql-injection
# Model.objects.raw with params.
from django.contrib.auth.models import User
from django.http import JsonResponse


def find_user(request):
    users = User.objects.raw(
        "SELECT * FROM auth_user WHERE username = %s", [request.GET["username"]]
    )
    return JsonResponse({"ids": [u.id for u in users]})
