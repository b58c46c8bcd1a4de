# label: true cwe: 611 class: xxe
# lxml.etree.fromstring of the request body with the default parser.
from django.http import JsonResponse
from lxml import etree


def soap_endpoint(request):
    envelope = etree.fromstring(request.body)
    return JsonResponse({"root": envelope.tag})
