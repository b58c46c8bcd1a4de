# label: false cwe: 643 class: xpath-injection
# Compiled XPath with a variable; the query parameter is passed as its value.
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
DOC = etree.parse("/srv/feed.xml")
FIND = etree.XPath("//entry[contains(title, $q)]/link/@href")


@app.get("/search")
def search(q: str):
    return {"links": [str(h) for h in FIND(DOC, q=q)]}
