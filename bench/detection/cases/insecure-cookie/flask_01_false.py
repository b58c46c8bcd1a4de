# label: false cwe: 614 class: insecure-cookie
# Session token cookie with Secure, HttpOnly and SameSite.
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("welcome")
    resp.set_cookie(
        "session_token", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Lax"
    )
    return resp
