# label: true cwe: 643 class: xpath-injection
# %-formatted XPath with a GET parameter.
from django.http import JsonResponse
from lxml import etree


def balance(request):
    root = etree.parse("/srv/accounts.xml").getroot()
    values = root.xpath("/accounts/account[@id='%s']/balance/text()" % request.GET["id"])
    return JsonResponse({"balance": values})
