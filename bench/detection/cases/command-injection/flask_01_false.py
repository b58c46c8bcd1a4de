# label: false cwe: 78 class: command-injection
# Validated as an IP address, then passed as an argument list without a shell.
import ipaddress
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    try:
        host = str(ipaddress.ip_address(request.args.get("host", "")))
    except ValueError:
        abort(400)
    done = subprocess.run(["ping", "-c", "1", host], capture_output=True, text=True, check=False)
    return done.stdout
