# label: true cwe: 502 class: deserialization
# Hidden form field holding hex-encoded pickle state.
import pickle

from django.http import JsonResponse


def wizard_step(request):
    state = pickle.loads(bytes.fromhex(request.POST["state"]))
    state["step"] += 1
    return JsonResponse({"step": state["step"]})
