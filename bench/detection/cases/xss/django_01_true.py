# label: true cwe: 79 class: xss
# HttpResponse of %-formatted HTML with a GET parameter.
from django.http import HttpResponse


def greet(request):
    return HttpResponse("<p>Hi %s</p>" % request.GET.get("name", ""))
