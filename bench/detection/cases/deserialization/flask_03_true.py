# label: true cwe: 502 class: deserialization
# Uploaded model file unpickled.
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.route("/model", methods=["POST"])
def upload_model():
    upload = request.files["model"]
    model = pickle.load(upload.stream)
    return {"type": type(model).__name__}
