# label: false cwe: 22 class: path-traversal
# Resolved path must stay inside MEDIA_ROOT.
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404


def media(request):
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / request.GET["file"]).resolve()
    if not path.is_relative_to(root):
        raise Http404()
    return FileResponse(path.open("rb"))
