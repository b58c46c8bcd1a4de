# label: true cwe: 338 class: weak-random
# Session id cookie from random.getrandbits.
import random

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/start")
def start():
    resp = make_response("hello")
    resp.set_cookie("sid", str(random.getrandbits(64)), secure=True, httponly=True)
    return resp
