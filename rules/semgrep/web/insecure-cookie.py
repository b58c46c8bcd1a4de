from http.cookiejar import CookieJar

from django.http import HttpResponse
from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login")
def login():
    resp = make_response("ok")
    # ruleid: insecure-cookie
    resp.set_cookie("sid", "abc123")
    # ruleid: insecure-cookie
    resp.set_cookie("prefs", "dark", secure=True)
    # ruleid: insecure-cookie
    resp.set_cookie("token", "t", secure=False, httponly=True)
    return resp


def django_view(request):
    response = HttpResponse("ok")
    # ruleid: insecure-cookie
    response.set_signed_cookie("cart", "42", httponly=True)
    return response


# Near misses: both flags set (even from configuration), deletions, client-side cookie jars.


@app.route("/safe")
def safe():
    resp = make_response("ok")
    # ok: insecure-cookie
    resp.set_cookie("sid", "abc123", secure=True, httponly=True, samesite="Lax")
    # ok: insecure-cookie
    resp.set_cookie("sid", "", expires=0)
    return resp


def from_config(response, config, value):
    # ok: insecure-cookie
    response.set_cookie("sid", value, httponly=config.HTTPONLY, secure=config.SECURE)


def jar(cookie):
    # ok: insecure-cookie
    CookieJar().set_cookie(cookie)
