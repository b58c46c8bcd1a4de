import hmac
import os

import jwt
from itsdangerous import URLSafeTimedSerializer

JWT_KEY = "s3cr3t-signing-key"


def issue(user_id):
    # ruleid: hardcoded-signing-key
    return jwt.encode({"sub": user_id}, "super-secret-key", algorithm="HS256")


def verify(token):
    # ruleid: hardcoded-signing-key
    return jwt.decode(token, JWT_KEY, algorithms=["HS256"])


def sign(body):
    # ruleid: hardcoded-signing-key
    return hmac.new(b"webhook-secret", body, "sha256").hexdigest()


def serializer():
    # ruleid: hardcoded-signing-key
    return URLSafeTimedSerializer("itsdangerous-key")


def asgi_app(app):
    from starlette.middleware.sessions import SessionMiddleware

    # ruleid: hardcoded-signing-key
    app.add_middleware(SessionMiddleware, secret_key="super-secret-session-key-123")


def aiohttp_app(app):
    from aiohttp_session import setup
    from aiohttp_session.cookie_storage import EncryptedCookieStorage

    # ruleid: hardcoded-signing-key
    setup(app, EncryptedCookieStorage(b"Thirty  two  length  bytes  key."))


# Near misses: keys read at run time, and the empty placeholder.


def issue_safely(user_id):
    # ok: hardcoded-signing-key
    return jwt.encode({"sub": user_id}, os.environ["JWT_SECRET"], algorithm="HS256")


def sign_safely(body, key):
    # ok: hardcoded-signing-key
    return hmac.new(key, body, "sha256").hexdigest()


def unconfigured(body):
    # ok: hardcoded-signing-key
    return hmac.new(b"", body, "sha256")


def asgi_app_safely(app):
    from starlette.middleware.sessions import SessionMiddleware

    # ok: hardcoded-signing-key
    app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"])
