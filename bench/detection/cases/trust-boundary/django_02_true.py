# label: true cwe: 501 class: trust-boundary
# POST field stored in the session and trusted later.
from django.http import HttpResponse


def claim_cart(request):
    owner = request.POST.get("owner", "")
    request.session["cart_owner"] = owner
    return HttpResponse("claimed")
