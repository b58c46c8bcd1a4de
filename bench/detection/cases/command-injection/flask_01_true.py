# label: true cwe: 78 class: command-injection
# Query parameter formatted into a shell command.
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    done = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True, text=True)
    return done.stdout
