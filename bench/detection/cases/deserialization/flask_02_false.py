# label: false cwe: 502 class: deserialization
# Cookie holds base64 JSON, decoded with json.loads.
import base64
import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/prefs")
def prefs():
    raw = request.cookies.get("prefs", "e30=")
    data = json.loads(base64.b64decode(raw))
    return {"theme": data.get("theme", "light")}
