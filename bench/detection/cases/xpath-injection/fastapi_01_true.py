# label: true cwe: 643 class: xpath-injection
# FastAPI query parameter in an f-string XPath.
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
DOC = etree.parse("/srv/feed.xml")


@app.get("/search")
def search(q: str):
    hits = DOC.xpath(f"//entry[contains(title, '{q}')]/link/@href")
    return {"links": [str(h) for h in hits]}
