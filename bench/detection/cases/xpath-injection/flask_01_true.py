# label: true cwe: 643 class: xpath-injection
# lxml xpath with a concatenated query parameter (authentication bypass).
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/users.xml")


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    password = request.form["password"]
    found = USERS.xpath("//user[name/text()='" + user + "' and pass/text()='" + password + "']")
    return {"ok": bool(found)}
