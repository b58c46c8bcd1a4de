# label: false cwe: 643 class: xpath-injection
# Constant XPath; the SKU is compared in Python.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/catalog.xml")


@app.route("/product")
def product():
    sku = request.args.get("sku", "")
    prices = [p.findtext("price") for p in CATALOG.xpath("//product") if p.get("sku") == sku]
    return {"price": prices}
