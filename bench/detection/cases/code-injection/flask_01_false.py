# label: false cwe: 95 class: code-injection
# ast.literal_eval accepts literals only.
import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/parse")
def parse():
    value = ast.literal_eval(request.args.get("v", "None"))
    return {"type": type(value).__name__}
