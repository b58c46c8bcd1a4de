# label: true cwe: 95 class: code-injection
# Form field executed through a helper that reads it.
from flask import Flask, request

app = Flask(__name__)


def snippet():
    return request.form.get("code", "")


@app.route("/run", methods=["POST"])
def run_snippet():
    namespace = {}
    exec(snippet(), namespace)
    return {"vars": sorted(namespace)}
