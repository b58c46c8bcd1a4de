# label: false cwe: 501 class: trust-boundary
# Page size converted with int() and bounded.
from django.http import HttpResponse


def page_size(request):
    size = int(request.GET.get("size", "20"))
    request.session["page_size"] = max(10, min(size, 100))
    return HttpResponse("saved")
