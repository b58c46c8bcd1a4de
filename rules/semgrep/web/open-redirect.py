from django.http import HttpResponseRedirect
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    next_url = request.args.get("next", "/")
    # ruleid: open-redirect
    return redirect(next_url)


@app.route("/out")
def outbound():
    # ruleid: open-redirect
    return redirect(request.values["to"], code=302)


def legacy_logout(request):
    # ruleid: open-redirect
    return HttpResponseRedirect(request.GET.get("return_to", "/"))


@app.route("/note")
def note():
    # Near miss: the request only picks an argument of a route we build.
    # ok: open-redirect
    return redirect(url_for("show_note", note_id=request.args["id"]))


@app.route("/tab")
def tab():
    # ok: open-redirect
    return redirect("/dashboard?tab=" + request.args.get("tab", "home"))


@app.route("/home")
def home():
    # ok: open-redirect
    return redirect(url_for("index"))
