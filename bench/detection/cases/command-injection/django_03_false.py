# label: false cwe: 78 class: command-injection
# Constant command; the request only decides whether to run it.
import subprocess

from django.http import HttpResponse, HttpResponseForbidden


def uptime(request):
    if not request.user.is_staff:
        return HttpResponseForbidden()
    out = subprocess.check_output("uptime", shell=True)
    return HttpResponse(out, content_type="text/plain")
