# label: true cwe: 601 class: open-redirect
# HttpResponseRedirect to a GET parameter.
from django.http import HttpResponseRedirect


def after_login(request):
    return HttpResponseRedirect(request.GET["next"])
