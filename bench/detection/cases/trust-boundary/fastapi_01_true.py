# label: true cwe: 501 class: trust-boundary
# Starlette session filled from a query parameter.
import os

from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"])


@app.get("/login/sso")
def sso(request: Request, username: str):
    request.session["username"] = username
    return {"ok": True}
