# label: true cwe: 89 class: sql-injection
# RawSQL annotation built from a GET parameter.
from django.db.models.expressions import RawSQL
from django.http import JsonResponse

from shop.models import Product


def scored(request):
    sid = request.GET["season"]
    qs = Product.objects.annotate(
        score=RawSQL("SELECT score FROM shop_score WHERE season = " + sid, [])
    )
    return JsonResponse({"scores": list(qs.values_list("score", flat=True))})
