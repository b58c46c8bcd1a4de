# label: true cwe: 643 class: xpath-injection
# etree.XPath compiled from a POST field.
from django.http import JsonResponse
from lxml import etree


def find_item(request):
    doc = etree.parse("/srv/items.xml")
    finder = etree.XPath("//item[title='" + request.POST["title"] + "']")
    return JsonResponse({"count": len(finder(doc))})
