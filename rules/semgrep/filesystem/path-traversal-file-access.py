import os
import shutil
from pathlib import Path

from aiohttp import web
from django.http import FileResponse, HttpResponse
from fastapi import FastAPI, UploadFile
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
BASE = "/srv/files"
REPORTS = {"daily.csv", "weekly.csv"}


def requested_name():
    return request.args.get("name", "")


@app.route("/download")
def download():
    name = request.args["name"]
    # ruleid: path-traversal-file-access
    return send_file(os.path.join(BASE, name))


@app.route("/read/<path:subpath>")
def read(subpath):
    # ruleid: path-traversal-file-access
    with open(BASE + "/" + subpath) as handle:
        return handle.read()


@app.route("/helper")
def helper():
    # ruleid: path-traversal-file-access
    return (Path(BASE) / requested_name()).read_text()


@app.route("/upload", methods=["POST"])
def upload():
    upload = request.files["doc"]
    target = os.path.join("/srv/uploads", upload.filename)
    # ruleid: path-traversal-file-access
    with open(target, "wb") as handle:
        handle.write(upload.read())
    return "ok"


def django_delete(request):
    # ruleid: path-traversal-file-access
    os.remove(os.path.join(BASE, request.POST["file"]))
    return HttpResponse("deleted")


def django_serve(request, filename):
    # ruleid: path-traversal-file-access
    return FileResponse(open(f"{BASE}/{filename}", "rb"))


@api.get("/files/{name}")
async def fastapi_file(name: str):
    # ruleid: path-traversal-file-access
    shutil.copy(os.path.join(BASE, name), "/tmp/export")


async def aiohttp_file(request):
    # ruleid: path-traversal-file-access
    return web.FileResponse(os.path.join(BASE, request.match_info["name"]))


# Near misses: reduced names, containment checks, allow-lists, constants.


@app.route("/safe-download")
def safe_download():
    # ok: path-traversal-file-access
    return send_file(os.path.join(BASE, secure_filename(request.args["name"])))


@app.route("/basename")
def basename():
    name = os.path.basename(request.args["name"])
    # ok: path-traversal-file-access
    return open(os.path.join(BASE, name)).read()


@app.route("/contained")
def contained():
    path = os.path.realpath(os.path.join(BASE, request.args["name"]))
    if not path.startswith(BASE + os.sep):
        abort(404)
    # ok: path-traversal-file-access
    return send_file(path)


@app.route("/report")
def report():
    name = request.args["name"]
    if name in REPORTS:
        # ok: path-traversal-file-access
        return send_file(os.path.join(BASE, name))
    return "unknown", 404


@app.route("/static-ish")
def static_ish():
    # ok: path-traversal-file-access
    return send_from_directory(BASE, request.args["name"])


def logo():
    # ok: path-traversal-file-access
    return open(os.path.join(BASE, "logo.png"), "rb").read()


@api.post("/upload")
async def fastapi_upload(file: UploadFile):
    dest = Path("/srv/uploads") / file.filename
    # ruleid: path-traversal-file-access
    dest.write_bytes(await file.read())


@app.route("/store", methods=["POST"])
def store():
    f = request.files["document"]
    # ruleid: path-traversal-file-access
    f.save(os.path.join("/srv/uploads", f.filename))


@app.route("/store-safely", methods=["POST"])
def store_safely():
    f = request.files["document"]
    # ok: path-traversal-file-access
    f.save(os.path.join("/srv/uploads", secure_filename(f.filename)))


def django_discard(request):
    target = Path("/srv/tmp") / request.POST["name"]
    # ruleid: path-traversal-file-access
    target.unlink()
    return HttpResponse("deleted")
