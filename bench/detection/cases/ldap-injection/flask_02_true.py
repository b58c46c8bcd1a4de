# label: true cwe: 90 class: ldap-injection
# ldap3 search with a query parameter in an f-string filter.
from flask import Flask, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/people")
def people():
    name = request.args.get("name", "")
    conn = Connection(server, auto_bind=True)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(cn={name}))", attributes=["mail"])
    return {"entries": [e.entry_to_json() for e in conn.entries]}
