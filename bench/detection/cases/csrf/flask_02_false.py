# label: false cwe: 352 class: csrf
# Webhook exempted, authenticated with an HMAC signature check.
import hashlib
import hmac
import os

from flask import Flask, abort, request
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
SECRET = os.environ["GITHUB_WEBHOOK_SECRET"].encode()


@app.route("/hooks/github", methods=["POST"])
@csrf.exempt
def github_hook():
    expected = "sha256=" + hmac.new(SECRET, request.data, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Hub-Signature-256", "")):
        abort(401)
    return "ok"
