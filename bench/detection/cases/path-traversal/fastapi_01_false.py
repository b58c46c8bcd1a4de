# label: false cwe: 22 class: path-traversal
# Document picked from a fixed mapping.
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
BASE = Path("/srv/docs")
DOCS = {"terms": "terms.pdf", "privacy": "privacy.pdf"}


@app.get("/docs/{name}")
def doc(name: str):
    if name not in DOCS:
        raise HTTPException(status_code=404)
    return FileResponse(BASE / DOCS[name])
