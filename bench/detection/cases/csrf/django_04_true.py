# label: true cwe: 352 class: csrf
# Account deletion exempted from CSRF.
from django.contrib.auth import logout
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@require_POST
@csrf_exempt
def delete_account(request):
    user = request.user
    logout(request)
    user.delete()
    return HttpResponse("deleted")
