# label: false cwe: 78 class: command-injection
# Count converted with int() before formatting into the command.
import os

from django.http import HttpResponse


def ping_local(request):
    count = int(request.GET.get("count", "1"))
    os.system(f"ping -c {count} 127.0.0.1")
    return HttpResponse("sent")
