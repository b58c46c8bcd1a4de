# label: false cwe: 79 class: xss
# markupsafe.escape before make_response.
from flask import Flask, make_response, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview():
    comment = escape(request.form["comment"])
    return make_response(f"<div class='comment'>{comment}</div>")
