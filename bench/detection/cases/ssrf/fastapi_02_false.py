# label: false cwe: 918 class: ssrf
# httpx.URL host checked against an allow-list.
import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
ALLOWED = {"images.example.com", "static.example.com"}


@app.get("/proxy")
def proxy(src: str):
    url = httpx.URL(src)
    if url.scheme != "https" or url.host not in ALLOWED:
        raise HTTPException(status_code=400)
    return {"length": len(httpx.get(url, timeout=10).content)}
