# label: false cwe: 918 class: ssrf
# Fixed API host; the user name is quoted into the path.
from urllib.parse import quote

import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/github/{username}")
async def github_user(username: str):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(f"https://api.github.com/users/{quote(username, safe='')}")
    return resp.json()
