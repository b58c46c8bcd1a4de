# label: true cwe: 95 class: code-injection
# JSON body concatenated into a lambda source and evaluated.
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/transform")
async def transform(request: Request):
    body = await request.json()
    fn = eval("lambda x: " + body["expr"])
    return {"values": [fn(v) for v in body.get("values", [])]}
