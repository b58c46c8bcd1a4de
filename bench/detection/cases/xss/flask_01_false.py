# label: false cwe: 79 class: xss
# html.escape before concatenation.
import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = html.escape(request.args.get("name", ""))
    return "<h1>Hello " + name + "</h1>"
