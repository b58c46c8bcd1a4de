# label: true cwe: 352 class: csrf
# Flask-WTF: a settings form route exempted from CSRF.
from flask import Flask, request
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


@app.route("/settings", methods=["POST"])
@csrf.exempt
@login_required
def settings():
    current_user.email = request.form["email"]
    return "saved"
