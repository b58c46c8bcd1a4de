# label: true cwe: 338 class: weak-random
# Temporary password generated with random.choices.
import random
import string

from django.contrib.auth.models import User
from django.http import JsonResponse


def reset_password(request):
    user = User.objects.get(username=request.POST["username"])
    password = "".join(random.choices(string.ascii_letters + string.digits, k=12))
    user.set_password(password)
    user.save()
    return JsonResponse({"temporary_password": password})
