# label: false cwe: 611 class: xxe
# Constant XML document; request data only fills in text.
from django.http import HttpResponse
from lxml import etree

TEMPLATE = b"<order><name/><qty/></order>"


def build_order(request):
    root = etree.fromstring(TEMPLATE)
    root.find("name").text = request.POST.get("name", "")
    root.find("qty").text = str(int(request.POST.get("qty", "1")))
    return HttpResponse(etree.tostring(root), content_type="application/xml")
