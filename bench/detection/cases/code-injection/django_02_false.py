# label: false cwe: 95 class: code-injection
# Request JSON parsed with json.loads, not evaluated.
import json

from django.http import JsonResponse


def settings_update(request):
    data = json.loads(request.body)
    return JsonResponse({"keys": sorted(data)})
