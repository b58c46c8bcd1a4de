# label: false cwe: 643 class: xpath-injection
# XPath variables: the values are bound, not concatenated.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/users.xml")


@app.route("/login", methods=["POST"])
def login():
    found = USERS.xpath(
        "//user[name/text()=$user and pass/text()=$password]",
        user=request.form["user"],
        password=request.form["password"],
    )
    return {"ok": bool(found)}
