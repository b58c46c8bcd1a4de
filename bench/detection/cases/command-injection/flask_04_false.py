# label: false cwe: 78 class: command-injection
# Request data only in a branch guarded by a constant that is False: it never reaches the sink.
import os

from flask import Flask, request

app = Flask(__name__)
ALLOW_CUSTOM_FLAGS = False


@app.route("/uptime")
def uptime():
    cmd = "uptime"
    if ALLOW_CUSTOM_FLAGS:
        cmd = "uptime " + request.args.get("flags", "")
    os.system(cmd)
    return "ok"
