# label: true cwe: 78 class: command-injection
# Form value reached through a small helper, then os.popen.
import os

from flask import Flask, request

app = Flask(__name__)


def form_value(name):
    return request.form.get(name, "").strip()


@app.route("/lookup", methods=["POST"])
def lookup():
    domain = form_value("domain")
    return os.popen("nslookup " + domain).read()
