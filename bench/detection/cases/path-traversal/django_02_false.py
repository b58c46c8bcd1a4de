# label: false cwe: 22 class: path-traversal
# Numeric id converted with int() names the file.
import os

from django.http import FileResponse

REPORTS = "/srv/reports"


def invoice(request):
    number = int(request.GET["id"])
    return FileResponse(open(os.path.join(REPORTS, f"{number}.pdf"), "rb"))
