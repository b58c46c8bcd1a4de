# label: true cwe: 918 class: ssrf
# Webhook URL from the JSON body posted to on an earlier-assigned variable.
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/hooks/test", methods=["POST"])
def test_hook():
    hook = request.json["webhook"]
    resp = requests.post(hook, json={"event": "ping"}, timeout=5)
    return {"status": resp.status_code}
