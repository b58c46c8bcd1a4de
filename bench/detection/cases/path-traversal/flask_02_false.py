# label: false cwe: 22 class: path-traversal
# Upload stored under secure_filename().
import os

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["document"]
    f.save(os.path.join(UPLOAD_DIR, secure_filename(f.filename)))
    return "stored"
