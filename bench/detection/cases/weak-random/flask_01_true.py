# label: true cwe: 338 class: weak-random
# Password-reset token built with random.choice.
import random
import string

from flask import Flask, request

from app.mail import send_reset

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


@app.route("/forgot", methods=["POST"])
def forgot():
    token = "".join(random.choice(ALPHABET) for _ in range(32))
    send_reset(request.form["email"], token)
    return "sent"
