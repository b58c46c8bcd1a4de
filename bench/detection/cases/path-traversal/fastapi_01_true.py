# label: true cwe: 22 class: path-traversal
# FastAPI query parameter into FileResponse.
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/files")
def download(name: str):
    return FileResponse(f"/srv/files/{name}")
