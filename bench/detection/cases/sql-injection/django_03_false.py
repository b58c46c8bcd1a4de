# label: false cwe: 89 class: sql-injection
# QuerySet.extra with a placeholder and params.
from django.http import JsonResponse

from shop.models import Product


def cheap(request):
    products = Product.objects.extra(where=["price < %s"], params=[request.GET.get("max", "0")])
    return JsonResponse({"count": products.count()})
