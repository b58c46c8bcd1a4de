# label: false cwe: 95 class: code-injection
# Operator picked from a dispatch table instead of eval.
import operator

from flask import Flask, abort, request

app = Flask(__name__)
OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


@app.route("/calc")
def calc():
    op = request.args.get("op", "")
    if op not in OPS:
        abort(400)
    a = float(request.args.get("a", "0"))
    b = float(request.args.get("b", "0"))
    return {"result": OPS[op](a, b)}
