# label: false cwe: 614 class: insecure-cookie
# Flask session cookie configured Secure and HttpOnly.
import os

from flask import Flask

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ["FLASK_SECRET_KEY"],
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)
