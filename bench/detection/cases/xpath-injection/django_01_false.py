# label: false cwe: 643 class: xpath-injection
# XPath variable for the account id.
from django.http import JsonResponse
from lxml import etree


def balance(request):
    root = etree.parse("/srv/accounts.xml").getroot()
    values = root.xpath("/accounts/account[@id=$id]/balance/text()", id=request.GET["id"])
    return JsonResponse({"balance": values})
