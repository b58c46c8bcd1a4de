import json

import jsonpickle
from jsonpickle.unpickler import Unpickler


def restore_job(payload):
    # ruleid: jsonpickle-decode
    return jsonpickle.decode(payload)


def restore_draft(request):
    # ruleid: jsonpickle-decode
    return jsonpickle.decode(request.body.decode(), keys=True)


def restore_state(obj):
    # ruleid: jsonpickle-decode
    return Unpickler().restore(obj)


def export_job(job):
    # Near miss: encoding does not construct anything.
    # ok: jsonpickle-decode
    return jsonpickle.encode(job)


def restore_plain(payload):
    # ok: jsonpickle-decode
    return json.loads(payload)
