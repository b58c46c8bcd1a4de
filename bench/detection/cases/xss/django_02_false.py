# label: false cwe: 79 class: xss
# Plain-text response of the request value.
from django.http import HttpResponse


def echo(request):
    return HttpResponse(request.GET.get("msg", ""), content_type="text/plain; charset=utf-8")
