# label: true cwe: 643 class: xpath-injection
# XPath expression built on an earlier line from a query parameter.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/catalog.xml")


@app.route("/product")
def product():
    sku = request.args.get("sku", "")
    expr = f"//product[@sku='{sku}']/price/text()"
    return {"price": CATALOG.xpath(expr)}
