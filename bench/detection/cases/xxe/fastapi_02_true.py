# label: true cwe: 611 class: xxe
# Uploaded XML validated against its own DTD, with network access.
from fastapi import FastAPI, UploadFile
from lxml import etree

app = FastAPI()


@app.post("/validate")
async def validate(file: UploadFile):
    parser = etree.XMLParser(dtd_validation=True, no_network=False)
    doc = etree.parse(file.file, parser)
    return {"root": doc.getroot().tag}
