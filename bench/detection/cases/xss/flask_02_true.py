# label: true cwe: 79 class: xss
# make_response of an f-string holding a form field.
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview():
    comment = request.form["comment"]
    return make_response(f"<div class='comment'>{comment}</div>")
