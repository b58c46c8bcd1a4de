import json

import jsonpickle
import requests
from flask import Flask, request
from jsonpickle.unpickler import Unpickler

app = Flask(__name__)
CACHE = "/var/cache/app/jobs.json"


@app.post("/jobs")
def restore_job():
    # ruleid: jsonpickle-decode
    job = jsonpickle.decode(request.get_data(as_text=True))
    return {"id": job.id}


def restore_draft(request):
    # ruleid: jsonpickle-decode
    return jsonpickle.decode(request.body.decode(), keys=True)


def pull_state(url):
    state = requests.get(url, timeout=5).json()
    # ruleid: jsonpickle-decode
    return Unpickler().restore(state)


def export_job(job):
    # Near miss: encoding does not construct anything.
    # ok: jsonpickle-decode
    return jsonpickle.encode(job)


def restore_plain():
    # ok: jsonpickle-decode
    return json.loads(request.get_data(as_text=True))


def warm_cache():
    with open(CACHE, encoding="utf-8") as handle:
        # Near miss: the app's own cache file, not data from outside.
        # ok: jsonpickle-decode
        return jsonpickle.decode(handle.read())
