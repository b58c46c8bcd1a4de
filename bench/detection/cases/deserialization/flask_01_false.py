# label: false cwe: 502 class: deserialization
# yaml.safe_load of the request body.
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_config():
    config = yaml.safe_load(request.data)
    return {"keys": sorted(config)}
