# label: true cwe: 22 class: path-traversal
# Flask path converter joined into a file path and opened.
import os

from flask import Flask

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.route("/reports/<path:name>")
def report(name):
    with open(os.path.join(REPORTS, name), encoding="utf-8") as handle:
        return handle.read()
