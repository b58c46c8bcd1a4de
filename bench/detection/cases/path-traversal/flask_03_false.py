# label: false cwe: 22 class: path-traversal
# basename plus a realpath containment check before opening.
import os

from flask import Flask, abort, request

app = Flask(__name__)
BASE = os.path.realpath("/srv/reports")


@app.route("/report")
def report():
    name = os.path.basename(request.args.get("name", ""))
    full = os.path.realpath(os.path.join(BASE, name))
    if not full.startswith(BASE + os.sep):
        abort(400)
    with open(full, encoding="utf-8") as handle:
        return handle.read()
