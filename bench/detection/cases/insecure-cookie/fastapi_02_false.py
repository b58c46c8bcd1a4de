# label: false cwe: 614 class: insecure-cookie
# Logging out deletes the cookie.
from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/logout")
def logout(response: Response):
    response.delete_cookie("access_token", secure=True, httponly=True)
    return {"ok": True}
