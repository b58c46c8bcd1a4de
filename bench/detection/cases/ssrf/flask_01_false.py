# label: false cwe: 918 class: ssrf
# URL host must be on an allow-list.
from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED_HOSTS = {"api.partner.example", "cdn.example.com"}


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    parts = urlparse(url)
    if parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS:
        abort(400)
    return requests.get(url, timeout=5).text
