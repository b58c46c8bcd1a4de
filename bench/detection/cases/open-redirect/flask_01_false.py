# label: false cwe: 601 class: open-redirect
# Target host checked against an allow-list before redirecting.
from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "www.example.com"}


@app.route("/login/done")
def login_done():
    target = request.args.get("next", "/")
    if urlparse(target).hostname not in ALLOWED_HOSTS:
        target = "/"
    return redirect(target)
