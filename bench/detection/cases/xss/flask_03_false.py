# label: false cwe: 79 class: xss
# Value passed to an autoescaped template.
from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/search")
def search():
    return render_template("search.html", q=request.args.get("q", ""))
