# label: true cwe: 501 class: trust-boundary
# Query parameter stored in the session as the user.
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/impersonate")
def impersonate():
    session["user"] = request.args.get("user")
    return "ok"
