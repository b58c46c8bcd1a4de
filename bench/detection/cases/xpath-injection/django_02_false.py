# label: false cwe: 643 class: xpath-injection
# Position converted with int() before it is formatted into the XPath.
from django.http import JsonResponse
from lxml import etree


def nth_item(request):
    doc = etree.parse("/srv/items.xml")
    index = int(request.GET.get("n", "1"))
    titles = doc.xpath(f"//item[{index}]/title/text()")
    return JsonResponse({"title": titles})
