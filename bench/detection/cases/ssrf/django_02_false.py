# label: false cwe: 918 class: ssrf
# Upstream chosen by name from a fixed mapping.
import httpx
from django.http import Http404, JsonResponse

UPSTREAMS = {"billing": "http://billing.internal/status", "search": "http://search.internal/status"}


def status(request):
    name = request.GET.get("service", "")
    if name not in UPSTREAMS:
        raise Http404()
    resp = httpx.get(UPSTREAMS[name], timeout=3)
    return JsonResponse({"status": resp.status_code})
