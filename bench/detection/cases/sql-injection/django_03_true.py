# label: true cwe: 89 class: sql-injection
# QuerySet.extra(where=...) with request data concatenated.
from django.http import JsonResponse

from shop.models import Product


def cheap(request):
    limit = request.GET.get("max", "0")
    products = Product.objects.extra(where=["price < " + limit])
    return JsonResponse({"count": products.count()})
