# label: true cwe: 328 class: weak-hash
# API request signature computed with hashlib.new("md5").
import hashlib
import os

from flask import Flask, abort, request

app = Flask(__name__)
API_SECRET = os.environ["API_SECRET"].encode()


@app.route("/api/orders", methods=["POST"])
def orders():
    expected = hashlib.new("md5", API_SECRET + request.data).hexdigest()
    if request.headers.get("X-Signature") != expected:
        abort(401)
    return "accepted"
