# label: true cwe: 798 class: hardcoded-secret
# JWT key as a module constant, used to sign access tokens.
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import FastAPI

SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
ALGORITHM = "HS256"
app = FastAPI()


@app.post("/token")
def login(username: str):
    expire = datetime.now(timezone.utc) + timedelta(minutes=30)
    return {"access_token": jwt.encode({"sub": username, "exp": expire}, SECRET_KEY, algorithm=ALGORITHM)}
