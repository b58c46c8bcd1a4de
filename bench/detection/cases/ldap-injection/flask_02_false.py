# label: false cwe: 90 class: ldap-injection
# ldap3's escape_filter_chars before the value enters the filter.
from flask import Flask, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/people")
def people():
    name = escape_filter_chars(request.args.get("name", ""))
    conn = Connection(server, auto_bind=True)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(cn={name}))", attributes=["mail"])
    return {"entries": [e.entry_to_json() for e in conn.entries]}
