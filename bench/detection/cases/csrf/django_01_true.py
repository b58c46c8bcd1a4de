# label: true cwe: 352 class: csrf
# Money transfer view (session-authenticated) exempted from CSRF checks.
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from bank.models import transfer


@csrf_exempt
@login_required
def send_money(request):
    transfer(request.user, request.POST["to"], request.POST["amount"])
    return JsonResponse({"ok": True})
