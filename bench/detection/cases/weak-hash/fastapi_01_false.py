# label: false cwe: 916 class: weak-hash
# scrypt with a random salt for passwords.
import hashlib
import os

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
USERS: dict[str, tuple[bytes, bytes]] = {}


class Signup(BaseModel):
    username: str
    password: str


@app.post("/signup")
def signup(body: Signup):
    salt = os.urandom(16)
    USERS[body.username] = (salt, hashlib.scrypt(body.password.encode(), salt=salt, n=2**14, r=8, p=1))
    return {"ok": True}
