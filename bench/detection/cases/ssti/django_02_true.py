# label: true cwe: 1336 class: ssti
# Template engine from_string with a GET parameter concatenated.
from django.http import HttpResponse
from django.template import engines


def letter(request):
    template = engines["django"].from_string("Dear " + request.GET["name"] + ",")
    return HttpResponse(template.render({}, request))
