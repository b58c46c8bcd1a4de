"""Operator tools: diagnostics, backups of the data folder, team plugins."""

import os
import subprocess

from flask import Blueprint, current_app, g, request

bp = Blueprint("admin", __name__, url_prefix="/admin")

NOTES_DIR = "/var/lib/inkwell"


@bp.before_request
def require_admin():
    assert g.user is not None and g.user["is_admin"], "admins only"


@bp.get("/diagnostics/ping")
def ping():
    host = request.args.get("host", "localhost")
    status = os.system("ping -c 1 -W 2 " + host)
    return {"host": host, "reachable": status == 0}


@bp.get("/diagnostics/dns")
def dns():
    answer = subprocess.check_output(["dig", "+short", request.args["name"]], timeout=10)
    return {"answer": answer.decode().split()}


@bp.post("/archive")
def archive():
    dest = request.form.get("dest", "/var/backups/inkwell.tgz")
    subprocess.run(f"tar -czf {dest} {NOTES_DIR}", shell=True, check=True)
    return {"archive": dest}


@bp.post("/calculator")
def calculator():
    """Evaluates the arithmetic in a note's `=` cells."""
    expression = request.get_json()["expression"]
    return {"value": eval(expression)}


def load_team_plugin(path):
    with open(path, encoding="utf-8") as handle:
        code = compile(handle.read(), path, "exec")
    namespace = {"app": current_app}
    exec(code, namespace)
    return namespace
