# label: true cwe: 78 class: command-injection
# Cookie value in an f-string passed to os.system.
import os

from django.http import HttpResponse


def set_locale(request):
    lang = request.COOKIES.get("lang", "en_US")
    os.system(f"locale -a | grep {lang}")
    return HttpResponse("done")
