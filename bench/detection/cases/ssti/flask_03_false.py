# label: false cwe: 1336 class: ssti
# jinja2.Template of a constant, rendered with the query parameter.
import jinja2
from flask import Flask, request

app = Flask(__name__)
CARD = jinja2.Template("Greetings, {{ who }}!", autoescape=True)


@app.route("/card")
def card():
    return CARD.render(who=request.args.get("t", "friend"))
