# label: true cwe: 918 class: ssrf
# Host name from the request formatted into the URL.
import httpx
from django.http import JsonResponse


def status(request):
    url = f"http://{request.GET['host']}/status"
    resp = httpx.get(url, timeout=3)
    return JsonResponse({"status": resp.status_code})
