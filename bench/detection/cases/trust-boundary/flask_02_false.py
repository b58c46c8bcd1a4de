# label: false cwe: 501 class: trust-boundary
# Theme checked against an allow-list before it is stored.
from flask import Flask, request, session

app = Flask(__name__)
THEMES = {"light", "dark"}


@app.route("/theme")
def theme():
    choice = request.args.get("theme", "light")
    session["theme"] = choice if choice in THEMES else "light"
    return "saved"
