# label: true cwe: 79 class: xss
# Query parameter concatenated into an HTML string returned by the view.
from flask import Flask, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    return "<h1>Hello " + name + "</h1>"
