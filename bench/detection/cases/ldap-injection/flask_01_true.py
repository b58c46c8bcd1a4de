# label: true cwe: 90 class: ldap-injection
# python-ldap search filter concatenated from a form field.
import ldap
from flask import Flask, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/login", methods=["POST"])
def login():
    conn = ldap.initialize("ldap://ldap.example.com")
    username = request.form["username"]
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + username + ")")
    return {"found": bool(results)}
