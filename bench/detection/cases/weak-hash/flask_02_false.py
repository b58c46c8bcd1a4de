# label: false cwe: 916 class: weak-hash
# Werkzeug's salted, slow password hash.
from flask import Flask, request
from werkzeug.security import generate_password_hash

from app.db import save_user

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    save_user(request.form["email"], generate_password_hash(request.form["password"]))
    return "created"
