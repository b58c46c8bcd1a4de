# label: true cwe: 501 class: trust-boundary
# Role from a form field assigned on an earlier line, then stored in the session.
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/signup", methods=["POST"])
def signup():
    role = request.form.get("role", "member")
    session["role"] = role
    return "welcome"
