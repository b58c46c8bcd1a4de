# label: false cwe: 501 class: trust-boundary
# Session counter; no request data.
from flask import Flask, session

app = Flask(__name__)


@app.route("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return f"visit {session['visits']}"
