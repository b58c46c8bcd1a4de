import html

from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, jsonify, make_response, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)
api = FastAPI()


def query():
    return request.args.get("q", "")


@app.route("/search")
def search():
    # ruleid: reflected-xss
    return Markup(f"Results for <b>{request.args['q']}</b>")


@app.route("/hello/<name>")
def hello(name):
    # ruleid: reflected-xss
    return f"<h1>Hello {name}</h1>"


@app.route("/echo")
def echo():
    body = "<p>" + query() + "</p>"
    # ruleid: reflected-xss
    return make_response(body)


def django_greet(request):
    name = request.GET.get("name", "")
    # ruleid: reflected-xss
    return HttpResponse("<p>Hello %s</p>" % name)


def django_banner(request):
    # ruleid: reflected-xss
    banner = mark_safe("<div>" + request.COOKIES["banner"] + "</div>")
    # Reported once, at mark_safe: the call's result does not carry the taint on.
    # ok: reflected-xss
    return HttpResponse(banner)


@api.get("/page")
async def fastapi_page(title: str):
    # ruleid: reflected-xss
    return HTMLResponse(f"<title>{title}</title>")


# Near misses: escaped, templated, JSON or plain-text responses stay quiet.


@app.route("/safe-search")
def safe_search():
    # ok: reflected-xss
    return Markup("Results for <b>{}</b>").format(request.args["q"])


@app.route("/escaped")
def escaped():
    # ok: reflected-xss
    return make_response("<p>" + str(escape(request.args["q"])) + "</p>")


@app.route("/templated")
def templated():
    # ok: reflected-xss
    return make_response(render_template("search.html", q=request.args["q"]))


@app.route("/api")
def api_view():
    # ok: reflected-xss
    return make_response(jsonify(q=request.args["q"]))


def django_plain(request):
    # ok: reflected-xss
    return HttpResponse(request.GET["q"], content_type="text/plain")


def django_format(request):
    # ok: reflected-xss
    return HttpResponse(format_html("<p>{}</p>", request.GET["q"]))


@app.route("/count")
def count():
    # ok: reflected-xss
    return f"<p>{html.escape(request.args['q'])}</p>"


@app.route("/heading")
def heading():
    q = request.args.get("q", "")
    # ruleid: reflected-xss
    return render_template("search.html", heading=Markup(f"<b>Results for {q}</b>"))


@app.route("/said")
def said():
    from flask import render_template_string

    # ruleid: reflected-xss
    return render_template_string("<p>You said: {{ msg|safe }}</p>", msg=request.args["msg"])


@app.route("/said-safely")
def said_safely():
    from flask import render_template_string

    # ok: reflected-xss
    return render_template_string("<p>You said: {{ msg }}</p>", msg=request.args["msg"])


@app.route("/page-twice")
def page_twice():
    page = render_template("search.html", q=request.args["q"])
    # ok: reflected-xss
    return make_response(page)


def flatpage(request, url):
    page = get_object_or_404(FlatPage, url=url)
    # Near miss: content the server looked up (admins wrote it), not the client's text.
    # ok: reflected-xss
    return HttpResponse(mark_safe(page.content))


def render_page(request, page):
    # Near miss: a helper the view below passes a model object to, not a routed view.
    # ok: reflected-xss
    return HttpResponse(mark_safe(page.content))


def page_view(request, url):
    page = Page.objects.get(url=url)
    return render_page(request, page)


def article_view(request, slug):
    try:
        article = Article.objects.get(slug=slug)
    except Article.DoesNotExist:
        raise
    return render_article(request, article)


def render_article(request, article):
    # Near miss: the helper is defined after the view that calls it.
    # ok: reflected-xss
    return HttpResponse(mark_safe(article.body))


def greet(request, name):
    # A routed view's capture (the file never calls greet itself).
    # ruleid: reflected-xss
    return HttpResponse("<p>Hello %s</p>" % name)
