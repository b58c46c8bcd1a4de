# label: false cwe: 501 class: trust-boundary
# The session gets the id of a user whose password was checked.
from flask import Flask, abort, request, session
from werkzeug.security import check_password_hash

from app.models import User

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = User.query.filter_by(name=request.form["user"]).first()
    if user is None or not check_password_hash(user.password_hash, request.form["password"]):
        abort(401)
    session["user_id"] = user.id
    return "welcome"
