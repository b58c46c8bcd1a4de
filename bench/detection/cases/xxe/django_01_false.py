# label: false cwe: 611 class: xxe
# defusedxml.minidom on the request body.
from defusedxml import minidom
from django.http import JsonResponse


def parse(request):
    doc = minidom.parseString(request.body)
    return JsonResponse({"root": doc.documentElement.tagName})
