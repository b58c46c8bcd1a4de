# label: true cwe: 502 class: deserialization
# jsonpickle decodes arbitrary objects from the request body.
import jsonpickle
from django.http import JsonResponse


def restore(request):
    obj = jsonpickle.decode(request.body)
    return JsonResponse({"restored": str(obj)})
