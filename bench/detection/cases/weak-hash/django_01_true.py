# label: true cwe: 916 class: weak-hash
# Password hashed with SHA-1 before it is stored.
import hashlib

from django.http import HttpResponse

from accounts.models import Account


def change_password(request):
    account = Account.objects.get(pk=request.user.pk)
    account.password_hash = hashlib.sha1(request.POST["password"].encode()).hexdigest()
    account.save()
    return HttpResponse("changed")
