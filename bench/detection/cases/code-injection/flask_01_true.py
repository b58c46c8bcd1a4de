# label: true cwe: 95 class: code-injection
# Calculator endpoint evaluating the query string.
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    return {"result": eval(expr)}
