# label: false cwe: 614 class: insecure-cookie
# Access token cookie Secure and HttpOnly.
import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/token")
def issue(response: Response):
    response.set_cookie(
        key="access_token", value=secrets.token_urlsafe(32), secure=True, httponly=True
    )
    return {"ok": True}
