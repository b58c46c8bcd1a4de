# label: true cwe: 90 class: ldap-injection
# FastAPI query parameter into an ldap3 filter.
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap.internal")


@app.get("/groups")
def groups(uid: str):
    conn = Connection(server, auto_bind=True)
    conn.search("ou=groups,dc=internal", f"(memberUid={uid})", attributes=["cn"])
    return {"groups": [str(e.cn) for e in conn.entries]}
