# label: true cwe: 611 class: xxe
# etree.XML of the request body with resolve_entities=True.
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()


@app.post("/orders")
async def orders(request: Request):
    body = await request.body()
    doc = etree.XML(body, parser=etree.XMLParser(resolve_entities=True))
    return {"orders": len(doc)}
