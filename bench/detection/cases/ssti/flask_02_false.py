# label: false cwe: 1336 class: ssti
# Template file rendered with request data as context.
from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview():
    return render_template("preview.html", text=request.form.get("text", ""))
