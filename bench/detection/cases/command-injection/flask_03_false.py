# label: false cwe: 78 class: command-injection
# The request value is overwritten by a constant before the sink.
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/disk")
def disk():
    cmd = "df -h " + request.args.get("mount", "")
    # Only the root file system is reported; the parameter is kept for old clients.
    cmd = "df -h /"
    os.system(cmd)
    return "ok"
