# label: true cwe: 1336 class: ssti
# Request text concatenated into the template source.
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    return render_template_string("<h1>Hello " + name + "!</h1>")
