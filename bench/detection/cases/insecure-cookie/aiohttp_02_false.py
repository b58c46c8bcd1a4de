# label: false cwe: 614 class: insecure-cookie
# aiohttp_session cookie storage with secure=True (HttpOnly is its default).
import base64
import os

from aiohttp import web
from aiohttp_session import setup
from aiohttp_session.cookie_storage import EncryptedCookieStorage


def make_app() -> web.Application:
    app = web.Application()
    key = base64.urlsafe_b64decode(os.environ["COOKIE_KEY"])
    setup(app, EncryptedCookieStorage(key, cookie_name="SESSION", secure=True, httponly=True))
    return app
