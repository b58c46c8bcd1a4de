# label: true cwe: 798 class: hardcoded-secret
# aiohttp_session encryption key is a literal.
from aiohttp import web
from aiohttp_session import setup
from aiohttp_session.cookie_storage import EncryptedCookieStorage


def make_app() -> web.Application:
    app = web.Application()
    setup(app, EncryptedCookieStorage(b"Thirty  two  length  bytes  key."))
    return app
