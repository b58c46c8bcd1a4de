# label: true cwe: 78 class: command-injection
# Uploaded file name concatenated into os.system.
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/thumb", methods=["POST"])
def thumbnail():
    upload = request.files["image"]
    upload.save("/tmp/in.png")
    os.system("convert /tmp/in.png -resize 64x64 /srv/thumbs/" + upload.filename)
    return "ok"
