# label: true cwe: 79 class: xss
# Markup() marks request text as safe before it reaches the template.
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return render_template("search.html", heading=Markup(f"<b>Results for {q}</b>"))
