"""Notes: listing, search, rendering and attachments."""

import os

from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    render_template_string,
    request,
    send_file,
    session,
)
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from inkwell.db import note_by_id, search_notes

bp = Blueprint("notes", __name__, url_prefix="/notes")

# Digest emails are rendered outside Flask, with their own environment.
email_templates = Environment(loader=FileSystemLoader("inkwell/templates/email"))


@bp.get("/")
def index():
    return render_template("notes/index.html")


@bp.get("/search")
def search():
    term = request.args.get("q", "")
    sort = request.args.get("sort", "updated_at")
    results = search_notes(session["user_id"], term, sort)
    heading = Markup(f"Results for <strong>{term}</strong>")
    return render_template("notes/search.html", heading=heading, results=results)


@bp.get("/<int:note_id>/share-card")
def share_card(note_id):
    note = note_by_id(note_id) or abort(404)
    greeting = request.args.get("greeting", "Have a look at this note")
    card = "<div class='card'><p>" + greeting + "</p><h2>{{ title }}</h2></div>"
    return render_template_string(card, title=note["title"])


@bp.get("/<int:note_id>/attachments/<path:name>")
def attachment(note_id, name):
    folder = os.path.join(current_app.config["ATTACHMENTS_DIR"], str(note_id))
    return send_file(os.path.join(folder, name))


def digest_email(user, notes):
    return email_templates.get_template("digest.txt").render(user=user, notes=notes)
