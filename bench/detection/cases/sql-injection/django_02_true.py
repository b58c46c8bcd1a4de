# label: true cwe: 89 class: sql-injection
# Query concatenated on an earlier line, then Model.objects.raw(q).
from django.http import JsonResponse

from shop.models import Product


def search(request):
    term = request.GET.get("q", "")
    q = "SELECT * FROM shop_product WHERE name LIKE '%%" + term + "%%'"
    products = Product.objects.raw(q)
    return JsonResponse({"names": [p.name for p in products]})
