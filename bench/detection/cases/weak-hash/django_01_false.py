# label: false cwe: 916 class: weak-hash
# Django's make_password (PBKDF2 by default).
from django.contrib.auth.hashers import make_password
from django.http import HttpResponse

from accounts.models import Account


def change_password(request):
    account = Account.objects.get(pk=request.user.pk)
    account.password_hash = make_password(request.POST["password"])
    account.save()
    return HttpResponse("changed")
