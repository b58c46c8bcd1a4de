import asyncio
import os
import shlex
import subprocess

from aiohttp import web
from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
ALLOWED_HOSTS = {"example.org", "example.com"}


def arg(name):
    return request.args.get(name, "")


def host_of():
    value = request.headers.get("X-Host")
    return value.strip()


@app.route("/ping")
def ping():
    # ruleid: command-injection
    os.system("ping -c 1 " + request.args["host"])


@app.route("/archive", methods=["POST"])
def archive():
    name = request.form["name"]
    command = f"tar -czf /tmp/{name}.tgz /srv/data"
    # ruleid: command-injection
    subprocess.run(command, shell=True, check=True)


@app.route("/lookup/<domain>")
def lookup(domain):
    # ruleid: command-injection
    return os.popen("dig +short %s" % domain).read()


@app.route("/helper")
def helper():
    target = arg("target")
    # ruleid: command-injection
    subprocess.check_output("traceroute " + target, shell=True)


@app.route("/helper2")
def helper2():
    # ruleid: command-injection
    subprocess.getoutput("nslookup {}".format(host_of()))


@app.route("/upload", methods=["POST"])
def upload():
    upload = request.files["doc"]
    # ruleid: command-injection
    os.system("file /srv/uploads/" + upload.filename)


def django_view(request, slug):
    # ruleid: command-injection
    os.system("ls /srv/" + slug)
    query = request.GET.get("q")
    command = "grep -r '%s' /srv" % query
    # ruleid: command-injection
    subprocess.call(command, shell=True)
    return HttpResponse("ok")


@api.get("/items/{item}")
async def fastapi_item(item: str, limit: int = 10):
    # ruleid: command-injection
    os.system(f"echo {item}")
    # ok: command-injection
    os.system(f"echo {limit}")


async def aiohttp_handler(request):
    name = request.match_info["name"]
    # ruleid: command-injection
    proc = await asyncio.create_subprocess_shell("finger " + name)
    form = await request.post()
    # ruleid: command-injection
    os.system("echo " + form["text"])
    return web.Response(text="ok")


async def starlette_endpoint(request):
    # ruleid: command-injection
    os.system("echo " + request.query_params["q"])


# Near misses: sanitised, allow-listed, replaced or constant commands stay quiet.


@app.route("/quoted")
def quoted():
    host = request.args["host"]
    # ok: command-injection
    os.system("ping -c 1 " + shlex.quote(host))


@app.route("/count")
def count():
    lines = int(request.args["n"])
    # ok: command-injection
    os.system(f"head -n {lines} /var/log/app.log")


@app.route("/allowed")
def allowed():
    host = request.args["host"]
    if host in ALLOWED_HOSTS:
        # ok: command-injection
        os.system("ping -c 1 " + host)
    if host not in ALLOWED_HOSTS:
        abort(400)
    # ok: command-injection
    os.system("ping -c 1 " + host)


@app.route("/replaced")
def replaced():
    host = request.args["host"]
    host = "localhost"
    # ok: command-injection
    os.system("ping -c 1 " + host)


def constant_command():
    # ok: command-injection
    os.system("uptime")
    command = "df -h"
    # ok: command-injection
    subprocess.run(command, shell=True)


def cli_tool():
    # Not request data: the operator typed it (Bandit B605 still reports it once).
    # ok: command-injection
    os.system(input())


@app.route("/argv")
def argv_list():
    # No shell: the argument-list rule (request-data-in-subprocess-argv) covers this.
    # ok: command-injection
    subprocess.run(["ping", "-c", "1", "--", request.args["host"]])


@app.route("/ip")
def ip_only():
    import ipaddress

    host = str(ipaddress.ip_address(request.args["host"]))
    # ok: command-injection
    os.system("ping -c 1 " + host)


ALLOW_CUSTOM_FLAGS = False


@app.route("/uptime")
def uptime():
    cmd = "uptime"
    if ALLOW_CUSTOM_FLAGS:
        cmd = "uptime " + request.args.get("flags", "")
    # Near miss: request data only in a branch a False constant guards.
    # ok: command-injection
    os.system(cmd)


@app.route("/branch")
def branch():
    import re

    name = request.args["branch"]
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", name):
        abort(400)
    # ok: command-injection
    os.system("git checkout " + name)
