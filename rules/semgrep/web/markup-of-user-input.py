from django.utils.safestring import mark_safe
from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/search")
def search():
    term = request.args.get("q", "")
    # ruleid: markup-of-user-input
    banner = Markup(f"Results for <em>{term}</em>")
    return render_template("search.html", banner=banner)


@app.route("/notes/<title>")
def note(title):
    # ruleid: markup-of-user-input
    return render_template("note.html", heading=Markup("<h1>" + title + "</h1>"))


def comment_view(request):
    # ruleid: markup-of-user-input
    return mark_safe("<p>%s</p>" % request.POST["comment"])


@app.route("/search-safe")
def search_safe():
    term = request.args.get("q", "")
    # Near miss: Markup.format escapes its arguments.
    # ok: markup-of-user-input
    banner = Markup("Results for <em>{}</em>").format(term)
    return render_template("search.html", banner=banner)


@app.route("/notes-safe/<title>")
def note_safe(title):
    # ok: markup-of-user-input
    return render_template("note.html", heading=Markup("<h1>" + escape(title) + "</h1>"))


def footer():
    # ok: markup-of-user-input
    return Markup("<footer>&copy; Notes</footer>")
