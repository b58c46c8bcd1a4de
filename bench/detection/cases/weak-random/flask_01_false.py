# label: false cwe: 338 class: weak-random
# Reset token from secrets.
import secrets

from flask import Flask, request

from app.mail import send_reset

app = Flask(__name__)


@app.route("/forgot", methods=["POST"])
def forgot():
    send_reset(request.form["email"], secrets.token_urlsafe(32))
    return "sent"
