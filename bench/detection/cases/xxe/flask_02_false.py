# label: false cwe: 611 class: xxe
# lxml parser hardened: no entities, no DTD, no network.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
SAFE_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)


@app.route("/feed", methods=["POST"])
def feed():
    doc = etree.parse(request.files["feed"], SAFE_PARSER)
    return {"items": len(doc.findall(".//item"))}
