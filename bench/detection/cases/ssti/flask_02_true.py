# label: true cwe: 1336 class: ssti
# User-supplied template rendered.
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview():
    tpl = request.form["template"]
    return render_template_string(tpl, user={"name": "Ada"})
