# label: true cwe: 614 class: insecure-cookie
# Refresh token cookie HttpOnly but not Secure.
import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/refresh")
def refresh(response: Response):
    token = secrets.token_urlsafe(48)
    response.set_cookie("refresh_token", token, httponly=True, samesite="strict")
    return {"ok": True}
