# label: false cwe: 338 class: weak-random
# Temporary password from secrets.choice.
import secrets
import string

from django.contrib.auth.models import User
from django.http import JsonResponse


def reset_password(request):
    user = User.objects.get(username=request.POST["username"])
    alphabet = string.ascii_letters + string.digits
    password = "".join(secrets.choice(alphabet) for _ in range(16))
    user.set_password(password)
    user.save()
    return JsonResponse({"temporary_password": password})
