# label: true cwe: 614 class: insecure-cookie
# Remember-me token cookie with secure=False.
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/remember", methods=["POST"])
def remember():
    resp = make_response("ok")
    resp.set_cookie("remember", secrets.token_hex(16), secure=False, httponly=True, max_age=2592000)
    return resp
