# label: false cwe: 78 class: command-injection
# Request value quoted with shlex.quote before it reaches the shell.
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    cmd = f"ping -c 1 {shlex.quote(host)}"
    done = subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False)
    return done.stdout
