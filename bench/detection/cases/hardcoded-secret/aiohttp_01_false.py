# label: false cwe: 798 class: hardcoded-secret
# aiohttp_session key decoded from the environment.
import base64
import os

from aiohttp import web
from aiohttp_session import setup
from aiohttp_session.cookie_storage import EncryptedCookieStorage


def make_app() -> web.Application:
    app = web.Application()
    setup(app, EncryptedCookieStorage(base64.urlsafe_b64decode(os.environ["COOKIE_KEY"])))
    return app
