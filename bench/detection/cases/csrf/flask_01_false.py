# label: false cwe: 352 class: csrf
# CSRFProtect on the app; the form route is protected.
import os

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
csrf = CSRFProtect(app)


@app.route("/settings", methods=["POST"])
def settings():
    return f"saved {request.form['email']}"
