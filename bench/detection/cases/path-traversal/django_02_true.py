# label: true cwe: 22 class: path-traversal
# File deleted by a posted name.
from pathlib import Path

from django.http import HttpResponse

TMP = Path("/srv/tmp")


def discard(request):
    target = TMP / request.POST["name"]
    target.unlink()
    return HttpResponse("deleted")
