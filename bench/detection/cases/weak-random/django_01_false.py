# label: false cwe: 338 class: weak-random
# random.sample for recommendations shown on a page.
import random

from django.shortcuts import render

from shop.models import Product


def recommendations(request):
    products = list(Product.objects.filter(in_stock=True)[:200])
    picks = random.sample(products, min(5, len(products)))
    return render(request, "recommendations.html", {"products": picks})
