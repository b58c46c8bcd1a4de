import xml.etree.ElementTree as ET
from xml.dom import minidom

import defusedxml.ElementTree as SafeET
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/import/opml")
def import_opml():
    # ruleid: xml-parse-untrusted
    root = ET.fromstring(request.get_data())
    return {"feeds": len(root.findall(".//outline"))}


@app.post("/import/svg")
def import_svg():
    upload = request.files["image"]
    # ruleid: xml-parse-untrusted
    doc = minidom.parseString(upload.read())
    return {"width": doc.documentElement.getAttribute("width")}


@app.post("/import/feed")
def import_feed():
    # ruleid: xml-parse-untrusted
    tree = etree.fromstring(request.data)
    return {"items": len(tree)}


@app.post("/import/opml-safe")
def import_opml_safely():
    # Near miss: defusedxml refuses entity tricks.
    # ok: xml-parse-untrusted
    root = SafeET.fromstring(request.get_data())
    return {"feeds": len(root.findall(".//outline"))}


def load_bundled_config(path):
    # ok: xml-parse-untrusted
    return ET.parse(path)


@app.post("/import/feed-safe")
def import_feed_safely():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: xml-parse-untrusted
    tree = etree.fromstring(request.data, parser)
    return {"items": len(tree)}


def django_import(request):
    import xml.dom.minidom

    # ruleid: xml-parse-untrusted
    return xml.dom.minidom.parseString(request.body)


async def aiohttp_import(request):
    from lxml import etree

    body = await request.read()
    # ruleid: xml-parse-untrusted
    return etree.fromstring(body)


def django_defused(request):
    import defusedxml.ElementTree

    # Near miss: defusedxml refuses entities and DTDs.
    # ok: xml-parse-untrusted
    return defusedxml.ElementTree.fromstring(request.body)


def django_count(request):
    import io
    import xml.sax

    parser = xml.sax.make_parser()
    # ruleid: xml-parse-untrusted
    parser.parse(io.BytesIO(request.body))
