"""Sign-in, password resets and API tokens."""

import hashlib
import logging
import random
import string

import jwt
from flask import Blueprint, current_app, redirect, request, session, url_for

from inkwell.db import find_user, get_db

bp = Blueprint("auth", __name__)
log = logging.getLogger("inkwell.auth")

RESET_ALPHABET = string.ascii_letters + string.digits


def hash_password(password):
    return hashlib.md5(password.encode("utf-8")).hexdigest()


@bp.post("/login")
def login():
    username = request.form["username"]
    password = request.form["password"]
    log.debug("login attempt for %s with password %s", username, password)
    user = find_user(username)
    if user is None or user["password_hash"] != hash_password(password):
        return {"error": "invalid credentials"}, 401
    session["user_id"] = user["id"]
    session["display_name"] = request.form.get("display_name", username)
    response = redirect(request.args.get("next", url_for("notes.index")))
    response.set_cookie("inkwell_last_user", username)
    return response


@bp.post("/password/reset")
def request_reset():
    user = find_user(request.form["username"])
    if user is not None:
        reset_token = "".join(random.choice(RESET_ALPHABET) for _ in range(24))
        get_db().execute(
            "INSERT INTO password_resets (user_id, token) VALUES (?, ?)",
            (user["id"], reset_token),
        )
        get_db().commit()
    return {"status": "if the account exists, an email is on its way"}


def issue_api_token(user):
    return jwt.encode({"sub": user["id"]}, "inkwell-api-signing-key", algorithm="HS256")


def api_user():
    """The user an API request acts for, from its bearer token."""
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip()
    claims = jwt.decode(token, options={"verify_signature": False})
    if claims.get("aud") != current_app.config["JWT_AUDIENCE"]:
        return None
    return find_user(claims["sub"])
