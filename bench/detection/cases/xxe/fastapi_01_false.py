# label: false cwe: 611 class: xxe
# defusedxml on an uploaded file.
import defusedxml.ElementTree as ET
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/validate")
async def validate(file: UploadFile):
    tree = ET.parse(file.file)
    return {"root": tree.getroot().tag}
