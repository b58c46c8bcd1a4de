from urllib.parse import urlparse

from aiohttp import web
from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, abort, redirect, request, url_for

app = Flask(__name__)
api = FastAPI()
ALLOWED_HOSTS = {"example.org", "www.example.org"}


def next_param():
    return request.args.get("next", "/")


@app.route("/login", methods=["POST"])
def login():
    next_url = request.args.get("next", "/")
    # ruleid: open-redirect
    return redirect(next_url)


@app.route("/out")
def outbound():
    # ruleid: open-redirect
    return redirect(request.values["to"], code=302)


@app.route("/after")
def after():
    # ruleid: open-redirect
    return redirect(next_param())


def legacy_logout(request):
    # ruleid: open-redirect
    return HttpResponseRedirect(request.GET.get("return_to", "/"))


def django_go(request, target):
    # ruleid: open-redirect
    return django_redirect(target)


@api.get("/go")
async def fastapi_go(url: str):
    # ruleid: open-redirect
    return RedirectResponse(url)


async def aiohttp_go(request):
    # ruleid: open-redirect
    raise web.HTTPFound(request.query["to"])


# Near misses: built routes, local prefixes, checked hosts.


@app.route("/note")
def note():
    # Near miss: the request only picks an argument of a route we build.
    # ok: open-redirect
    return redirect(url_for("show_note", note_id=request.args["id"]))


@app.route("/tab")
def tab():
    # ok: open-redirect
    return redirect("/dashboard?tab=" + request.args.get("tab", "home"))


@app.route("/checked")
def checked():
    target = request.args["next"]
    if urlparse(target).netloc in ALLOWED_HOSTS:
        # ok: open-redirect
        return redirect(target)
    return redirect("/")


@app.route("/checked-early")
def checked_early():
    target = request.args["next"]
    if urlparse(target).netloc not in ALLOWED_HOSTS:
        abort(400)
    # ok: open-redirect
    return redirect(target)


def django_safe(request):
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    # ok: open-redirect
    return HttpResponseRedirect(target)


def django_safe_block(request):
    target = request.POST.get("next", "/")
    if url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        # ok: open-redirect
        return HttpResponseRedirect(target)
    return HttpResponseRedirect("/")
