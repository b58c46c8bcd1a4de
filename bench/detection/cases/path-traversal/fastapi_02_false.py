# label: false cwe: 22 class: path-traversal
# Upload stored under a generated name; the client's name is only recorded.
import uuid
from pathlib import Path

from fastapi import FastAPI, UploadFile

app = FastAPI()
UPLOAD_DIR = Path("/srv/uploads")


@app.post("/upload")
async def upload(file: UploadFile):
    dest = UPLOAD_DIR / f"{uuid.uuid4().hex}.bin"
    dest.write_bytes(await file.read())
    return {"stored": dest.name, "original": file.filename}
