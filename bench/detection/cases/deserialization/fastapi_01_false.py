# label: false cwe: 502 class: deserialization
# Body validated into a pydantic model.
from fastapi import FastAPI, Request
from pydantic import BaseModel

app = FastAPI()


class Job(BaseModel):
    name: str
    priority: int = 0


@app.post("/jobs")
async def submit(request: Request):
    job = Job.model_validate_json(await request.body())
    return {"job": job.name}
