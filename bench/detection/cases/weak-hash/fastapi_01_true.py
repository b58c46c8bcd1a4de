# label: true cwe: 916 class: weak-hash
# Password stored as one fast, unsalted SHA-256 digest.
import hashlib

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
USERS: dict[str, str] = {}


class Signup(BaseModel):
    username: str
    password: str


@app.post("/signup")
def signup(body: Signup):
    USERS[body.username] = hashlib.sha256(body.password.encode()).hexdigest()
    return {"ok": True}
