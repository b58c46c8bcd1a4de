# label: false cwe: 78 class: command-injection
# Constant command; the header is only compared with a token.
import hmac
import os

from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
ADMIN_TOKEN = os.environ["ADMIN_TOKEN"]


@app.post("/reload")
async def reload_nginx(request: Request):
    token = request.headers.get("x-admin-token", "")
    if not hmac.compare_digest(token, ADMIN_TOKEN):
        raise HTTPException(status_code=403)
    os.system("systemctl reload nginx")
    return {"ok": True}
