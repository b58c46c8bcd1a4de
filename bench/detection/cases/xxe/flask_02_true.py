# label: true cwe: 611 class: xxe
# Uploaded feed parsed with DTD loading and network access enabled.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/feed", methods=["POST"])
def feed():
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    doc = etree.parse(request.files["feed"], parser)
    return {"items": len(doc.findall(".//item"))}
