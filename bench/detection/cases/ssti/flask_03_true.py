# label: true cwe: 1336 class: ssti
# jinja2.Template built from a query parameter.
import jinja2
from flask import Flask, request

app = Flask(__name__)


@app.route("/card")
def card():
    template = jinja2.Template(request.args["t"])
    return template.render(date="today")
