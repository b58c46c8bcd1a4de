# label: true cwe: 22 class: path-traversal
# Upload saved under the client's file name.
import os

from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["document"]
    f.save(os.path.join(UPLOAD_DIR, f.filename))
    return "stored"
