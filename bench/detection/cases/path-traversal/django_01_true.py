# label: true cwe: 22 class: path-traversal
# FileResponse of a path joined from a GET parameter.
import os

from django.conf import settings
from django.http import FileResponse


def media(request):
    path = os.path.join(settings.MEDIA_ROOT, request.GET["file"])
    return FileResponse(open(path, "rb"))
