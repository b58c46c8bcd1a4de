# label: true cwe: 916 class: weak-hash
# Password stored as an unsalted MD5 digest.
import hashlib

from flask import Flask, request

from app.db import save_user

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    password = request.form["password"]
    save_user(request.form["email"], hashlib.md5(password.encode()).hexdigest())
    return "created"
