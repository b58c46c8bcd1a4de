# label: true cwe: 501 class: trust-boundary
# GET parameter stored as the session's user id.
from django.http import HttpResponse


def switch_account(request):
    request.session["user_id"] = request.GET["uid"]
    return HttpResponse("switched")
