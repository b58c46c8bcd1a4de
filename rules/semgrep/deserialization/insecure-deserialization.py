import base64
import marshal
import pickle

import yaml
from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, request

app = Flask(__name__)
api = FastAPI()


def session_blob():
    raw = request.cookies.get("state", "")
    return base64.b64decode(raw)


@app.route("/restore", methods=["POST"])
def restore():
    # ruleid: insecure-deserialization
    state = pickle.loads(request.files["backup"].read())
    return str(state)


@app.route("/state")
def state():
    # ruleid: insecure-deserialization
    return str(pickle.loads(session_blob()))


@app.route("/config", methods=["POST"])
def config():
    document = request.get_data()
    # ruleid: insecure-deserialization
    settings = yaml.load(document, Loader=yaml.Loader)
    # ruleid: insecure-deserialization
    more = yaml.unsafe_load(document)
    return str((settings, more))


def django_import(request):
    # ruleid: insecure-deserialization
    code = marshal.loads(request.body)
    return HttpResponse(str(code))


@api.post("/load/{blob}")
async def fastapi_load(blob: str):
    # ruleid: insecure-deserialization
    return pickle.loads(base64.b64decode(blob))


async def aiohttp_handler(request):
    body = await request.read()
    # ruleid: insecure-deserialization
    return pickle.loads(body)


# Near misses: safe loaders, data-only formats and the app's own files stay quiet.


@app.route("/safe-config", methods=["POST"])
def safe_config():
    document = request.get_data()
    # ok: insecure-deserialization
    settings = yaml.load(document, Loader=yaml.SafeLoader)
    # ok: insecure-deserialization
    more = yaml.safe_load(document)
    return str((settings, more))


def cached():
    with open("/var/cache/app/index.pickle", "rb") as handle:
        # Bandit B301 still reports this; no request data reaches it.
        # ok: insecure-deserialization
        return pickle.load(handle)


@app.route("/replaced")
def replaced():
    blob = request.data
    blob = pickle.dumps({"empty": True})
    # ok: insecure-deserialization
    return str(pickle.loads(blob))
