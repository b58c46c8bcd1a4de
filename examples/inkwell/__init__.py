"""Inkwell: a small team notes service (a deliberately vulnerable sastflow demo)."""

from flask import Flask

from inkwell import admin, auth, backup, integrations, notes
from inkwell.db import close_db


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_object("inkwell.config")
    app.config["SECRET_KEY"] = "inkwell-dev-secret-2f8a"
    app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024

    app.register_blueprint(auth.bp)
    app.register_blueprint(notes.bp)
    app.register_blueprint(backup.bp)
    app.register_blueprint(integrations.bp)
    app.register_blueprint(admin.bp)
    app.teardown_appcontext(close_db)
    return app
