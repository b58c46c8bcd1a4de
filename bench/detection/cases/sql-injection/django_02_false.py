# label: false cwe: 89 class: sql-injection
# Query prepared on an earlier line; the LIKE pattern goes in params.
from django.http import JsonResponse

from shop.models import Product


def search(request):
    term = request.GET.get("q", "")
    q = "SELECT * FROM shop_product WHERE name LIKE %s"
    products = Product.objects.raw(q, ["%" + term + "%"])
    return JsonResponse({"names": [p.name for p in products]})
