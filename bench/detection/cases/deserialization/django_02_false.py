# label: false cwe: 502 class: deserialization
# yaml.load with the SafeLoader.
import yaml
from django.http import JsonResponse


def import_yaml(request):
    data = yaml.load(request.body, Loader=yaml.SafeLoader)
    return JsonResponse({"keys": sorted(data)})
