# label: true cwe: 614 class: insecure-cookie
# Session token cookie without Secure or HttpOnly.
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("welcome")
    resp.set_cookie("session_token", secrets.token_urlsafe(32))
    return resp
