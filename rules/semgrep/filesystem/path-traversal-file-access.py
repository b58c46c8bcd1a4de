import os

from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
ATTACHMENTS = "/srv/notes/attachments"


@app.route("/attachments/<name>")
def attachment(name):
    # ruleid: path-traversal-file-access
    return send_file(os.path.join(ATTACHMENTS, name))


@app.route("/export")
def export():
    filename = request.args.get("file", "notes.txt")
    # ruleid: path-traversal-file-access
    with open(f"/srv/notes/exports/{filename}") as handle:
        return handle.read()


@app.post("/upload")
def upload():
    upload = request.files["file"]
    # ruleid: path-traversal-file-access
    with open(os.path.join(ATTACHMENTS, upload.filename), "wb") as handle:
        handle.write(upload.read())
    return "stored"


@app.route("/v2/attachments/<name>")
def attachment_v2(name):
    # Near miss: send_from_directory refuses paths that leave the directory.
    # ok: path-traversal-file-access
    return send_from_directory(ATTACHMENTS, name)


@app.post("/v2/upload")
def upload_v2():
    upload = request.files["file"]
    # ok: path-traversal-file-access
    with open(os.path.join(ATTACHMENTS, secure_filename(upload.filename)), "wb") as handle:
        handle.write(upload.read())
    return "stored"


def rotate_log(path):
    # ok: path-traversal-file-access
    with open(path, "a") as handle:
        handle.write("rotated\n")
