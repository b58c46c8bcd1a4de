# label: true cwe: 918 class: ssrf
# requests.get of a URL from the query string.
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/fetch")
def fetch():
    resp = requests.get(request.args["url"], timeout=5)
    return resp.text
