# label: false cwe: 798 class: hardcoded-secret
# JWT key from the environment; only the algorithm name is a literal.
import os
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import FastAPI

SECRET_KEY = os.getenv("JWT_SECRET_KEY")
ALGORITHM = "HS256"
app = FastAPI()


@app.post("/token")
def login(username: str):
    expire = datetime.now(timezone.utc) + timedelta(minutes=30)
    return {"access_token": jwt.encode({"sub": username, "exp": expire}, SECRET_KEY, algorithm=ALGORITHM)}
