# label: true cwe: 79 class: xss
# Constant template, but |safe switches escaping off for the request value.
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/echo")
def echo():
    return render_template_string("<p>You said: {{ msg|safe }}</p>", msg=request.args["msg"])
