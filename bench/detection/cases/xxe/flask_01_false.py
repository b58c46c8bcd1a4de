# label: false cwe: 611 class: xxe
# defusedxml parses the request body.
import defusedxml.ElementTree as ET
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    root = ET.fromstring(request.data)
    return {"tag": root.tag}
