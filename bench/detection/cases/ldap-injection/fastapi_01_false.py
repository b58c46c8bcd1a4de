# label: false cwe: 90 class: ldap-injection
# uid must match a strict pattern before it is used in the filter.
import re

from fastapi import FastAPI, HTTPException
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap.internal")
UID = re.compile(r"[a-z][a-z0-9_-]{0,31}")


@app.get("/groups")
def groups(uid: str):
    if not UID.fullmatch(uid):
        raise HTTPException(status_code=400)
    conn = Connection(server, auto_bind=True)
    conn.search("ou=groups,dc=internal", f"(memberUid={uid})", attributes=["cn"])
    return {"groups": [str(e.cn) for e in conn.entries]}
