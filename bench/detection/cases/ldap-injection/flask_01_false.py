# label: false cwe: 90 class: ldap-injection
# Filter value escaped with ldap.filter.escape_filter_chars.
import ldap
import ldap.filter
from flask import Flask, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/login", methods=["POST"])
def login():
    conn = ldap.initialize("ldap://ldap.example.com")
    username = ldap.filter.escape_filter_chars(request.form["username"])
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + username + ")")
    return {"found": bool(results)}
