# label: false cwe: 352 class: csrf
# csrf_protect on the transfer view.
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_protect

from bank.models import transfer


@csrf_protect
@login_required
def send_money(request):
    transfer(request.user, request.POST["to"], request.POST["amount"])
    return JsonResponse({"ok": True})
