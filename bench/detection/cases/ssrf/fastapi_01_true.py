# label: true cwe: 918 class: ssrf
# httpx.AsyncClient.get of a FastAPI query parameter.
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/preview")
async def preview(target: str):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(target)
    return {"length": len(resp.content)}
