# label: true cwe: 614 class: insecure-cookie
# Access token cookie with Starlette's defaults (no Secure, no HttpOnly).
import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/token")
def issue(response: Response):
    response.set_cookie(key="access_token", value=secrets.token_urlsafe(32))
    return {"ok": True}
