# label: true cwe: 502 class: deserialization
# Request body loaded with the full YAML loader.
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_config():
    config = yaml.load(request.data, Loader=yaml.Loader)
    return {"keys": sorted(config)}
