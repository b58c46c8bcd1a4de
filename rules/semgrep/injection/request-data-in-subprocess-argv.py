import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/clone")
def clone():
    repo = request.args.get("repo", "")
    # ruleid: request-data-in-subprocess-argv
    subprocess.run(["git", "clone", repo, "/srv/mirror"], check=True)
    return "ok"


@app.post("/convert/<fmt>")
def convert(fmt):
    # ruleid: request-data-in-subprocess-argv
    out = subprocess.check_output(["pandoc", "-t", fmt, "/srv/in.md"])
    return out


@app.get("/tool")
def tool():
    # ruleid: request-data-in-subprocess-argv
    os.execvp(request.args["tool"], ["tool"])


def legacy_view(request):
    name = request.GET["name"]
    # ruleid: request-data-in-subprocess-argv
    return subprocess.Popen(["finger", name], stdout=subprocess.PIPE)


@app.get("/lines")
def lines():
    count = int(request.args.get("n", "10"))
    # ok: request-data-in-subprocess-argv
    return subprocess.check_output(["tail", "-n", str(count), "/var/log/app.log"])


@app.get("/log")
def log():
    # Near miss: "--" stops option parsing, so the value is only ever a path.
    # ok: request-data-in-subprocess-argv
    return subprocess.check_output(["git", "log", "--oneline", "--", request.args["path"]])


def nightly(repo):
    # Near miss: not request data.
    # ok: request-data-in-subprocess-argv
    subprocess.run(["git", "clone", repo, "/srv/mirror"], check=True)


def django_whois(request, domain):
    # ruleid: request-data-in-subprocess-argv
    return subprocess.run(["whois", domain], capture_output=True).stdout


async def aiohttp_ping(request):
    # ruleid: request-data-in-subprocess-argv
    subprocess.run(["ping", "-c", "1", request.query["host"]])
