# label: true cwe: 78 class: command-injection
# Request data appended to the command in a branch the client controls.
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/uptime")
def uptime():
    cmd = "uptime"
    if request.args.get("verbose"):
        cmd = "uptime " + request.args.get("flags", "")
    os.system(cmd)
    return "ok"
