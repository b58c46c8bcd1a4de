# label: false cwe: 78 class: command-injection
# Service name checked against an allow-list before it reaches the shell.
import subprocess

from django.http import HttpResponse, HttpResponseBadRequest

ALLOWED_SERVICES = {"nginx", "redis", "postgresql"}


def service_status(request):
    service = request.GET.get("service", "")
    if service not in ALLOWED_SERVICES:
        return HttpResponseBadRequest("unknown service")
    out = subprocess.run(f"systemctl status {service}", shell=True, capture_output=True, check=False)
    return HttpResponse(out.stdout, content_type="text/plain")
