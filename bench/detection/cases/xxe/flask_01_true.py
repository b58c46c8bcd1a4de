# label: true cwe: 611 class: xxe
# lxml parser with entity resolution on, fed the request body.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(request.data, parser)
    return {"tag": root.tag}
