# label: false cwe: 95 class: code-injection
# The source is a module constant; the request only supplies a number.
from django.http import JsonResponse

SHIPPING_RULE = compile("weight * 1.5 + 4", "<shipping>", "eval")


def shipping(request):
    weight = float(request.GET.get("weight", "0"))
    cost = eval(SHIPPING_RULE, {"__builtins__": {}}, {"weight": weight})
    return JsonResponse({"cost": cost})
