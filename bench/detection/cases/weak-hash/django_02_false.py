# label: false cwe: 328 class: weak-hash
# SHA-256 checksum of an upload for de-duplication.
import hashlib

from django.http import JsonResponse


def upload(request):
    data = request.FILES["file"].read()
    return JsonResponse({"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
