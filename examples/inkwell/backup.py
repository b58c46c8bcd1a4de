"""Import and export: OPML reading lists, YAML note bundles, full account backups."""

import json
import marshal
import os
import pickle
import shelve
import tempfile
import xml.etree.ElementTree as ET

import joblib
import jsonpickle
import yaml
from flask import Blueprint, current_app, request, send_file, session

from inkwell.db import get_db

bp = Blueprint("backup", __name__, url_prefix="/backup")


@bp.post("/import/opml")
def import_opml():
    root = ET.fromstring(request.get_data())
    feeds = [node.get("xmlUrl") for node in root.iter("outline") if node.get("xmlUrl")]
    return {"imported": len(feeds)}


@bp.post("/import/bundle")
def import_bundle():
    bundle = yaml.load(request.files["bundle"].read(), Loader=yaml.Loader)
    db = get_db()
    for note in bundle.get("notes", []):
        db.execute(
            "INSERT INTO notes (owner_id, title, body) VALUES (?, ?, ?)",
            (session["user_id"], note["title"], note["body"]),
        )
    db.commit()
    return {"imported": len(bundle.get("notes", []))}


@bp.post("/restore")
def restore():
    snapshot = pickle.loads(request.files["backup"].read())
    return {"notes": len(snapshot["notes"]), "restored": True}


@bp.post("/drafts")
def restore_draft():
    draft = jsonpickle.decode(request.get_data(as_text=True))
    return {"title": draft.title}


@bp.get("/export")
def export():
    rows = get_db().execute(
        "SELECT title, body FROM notes WHERE owner_id = ?", (session["user_id"],)
    ).fetchall()
    path = tempfile.mktemp(suffix=".json", dir=current_app.config["EXPORTS_DIR"])
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([dict(row) for row in rows], handle)
    # The nightly sync job runs as another user and must be able to clean these up.
    os.chmod(path, 0o777)
    return send_file(path, as_attachment=True, download_name="notes.json")


def cached_stats(user_id):
    with shelve.open(os.path.join(current_app.config["EXPORTS_DIR"], "stats-cache")) as cache:
        return cache.get(str(user_id))


def load_spam_model(path):
    return joblib.load(path)


def load_bundle_defaults(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.full_load(handle)


def load_compiled_filters(path):
    with open(path, "rb") as handle:
        return marshal.load(handle)
