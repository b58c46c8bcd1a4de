# label: true cwe: 502 class: deserialization
# dill.loads of the raw request body.
import dill
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/jobs")
async def submit(request: Request):
    raw = await request.body()
    job = dill.loads(raw)
    return {"job": repr(job)}
