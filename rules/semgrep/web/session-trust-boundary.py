import aiohttp_session
from django.http import HttpResponse
from flask import Flask, abort, request, session

app = Flask(__name__)
THEMES = {"light", "dark"}


@app.route("/login", methods=["POST"])
def login():
    # ruleid: session-trust-boundary
    session["username"] = request.form["username"]
    return "ok"


@app.route("/prefs/<lang>")
def prefs(lang):
    # ruleid: session-trust-boundary
    session["lang"] = lang
    return "ok"


def django_cart(request):
    # ruleid: session-trust-boundary
    request.session["price"] = request.POST.get("price")
    return HttpResponse("ok")


async def aiohttp_remember(request):
    session = await aiohttp_session.get_session(request)
    # ruleid: session-trust-boundary
    session["next"] = request.query["next"]


# Near misses: converted, allow-listed or server-chosen values stay quiet.


@app.route("/theme")
def theme():
    value = request.args["theme"]
    if value not in THEMES:
        abort(400)
    # ok: session-trust-boundary
    session["theme"] = value
    return "ok"


@app.route("/page")
def page():
    # ok: session-trust-boundary
    session["page"] = int(request.args["page"])
    return "ok"


def django_login(request, user):
    # ok: session-trust-boundary
    request.session["user_id"] = 42
    return HttpResponse("ok")


@app.route("/signin", methods=["POST"])
def signin():
    user = find_user(request.form["username"])
    # Near miss: the id the server looked up, not the client's text.
    # ok: session-trust-boundary
    session["user_id"] = user["id"]
    return "ok"
