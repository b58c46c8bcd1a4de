# label: false cwe: 328 class: weak-hash
# MD5 as an ETag, declared not for security.
import hashlib

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/report.csv")
def report():
    body = open("/srv/report.csv", "rb").read()
    resp = make_response(body)
    resp.set_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())
    return resp
