# label: false cwe: 918 class: ssrf
# Fixed URL; the request value is a query parameter of it.
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    resp = requests.get(
        "https://api.example.com/search", params={"q": request.args.get("q", "")}, timeout=5
    )
    return resp.json()
