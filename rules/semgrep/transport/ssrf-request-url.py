import urllib.request

import httpx
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    url = request.args.get("url", "")
    # ruleid: ssrf-request-url
    page = requests.get(url, timeout=5)
    return page.text[:500]


@app.post("/webhooks/test")
def test_webhook():
    target = request.get_json()["target"]
    # ruleid: ssrf-request-url
    response = httpx.post(target, json={"ping": True})
    return jsonify(status=response.status_code)


@app.get("/avatar")
def avatar():
    # ruleid: ssrf-request-url
    with urllib.request.urlopen(request.args["src"], timeout=5) as handle:
        return handle.read()


@app.get("/users/<login>")
def github_user(login):
    # Near miss: the request picks only the path; scheme and host are fixed.
    # ok: ssrf-request-url
    return requests.get(f"https://api.github.com/users/{login}", timeout=5).json()


@app.get("/search")
def search():
    api = "https://search.internal.example/"
    # ok: ssrf-request-url
    return requests.get(api, params={"q": request.args["q"]}, timeout=5).json()


@app.get("/repo")
def repo():
    url = "https://api.github.com/repos/%s" % request.args["name"]
    # ok: ssrf-request-url
    return requests.get(url, timeout=5).json()


def fetch_target():
    return request.args.get("target", "")


@app.get("/proxy")
def proxy():
    # ruleid: ssrf-request-url
    return requests.request("GET", fetch_target(), timeout=5).text


def django_fetch(request):
    url = request.GET["url"]
    with requests.Session() as session:
        # ruleid: ssrf-request-url
        return session.get(url, timeout=5).text


async def aiohttp_fetch(request):
    import aiohttp

    target = request.query["url"]
    async with aiohttp.ClientSession() as client:
        # ruleid: ssrf-request-url
        async with client.get(target) as response:
            return await response.text()


ALLOWED_HOSTS = {"images.example.org"}


@app.get("/checked")
def checked():
    from urllib.parse import urlparse

    url = request.args["url"]
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        return "forbidden", 403
    # ok: ssrf-request-url
    return requests.get(url, timeout=5).content


async def aiohttp_notify(request):
    import urllib3

    http = urllib3.PoolManager()
    data = await request.json()
    # ruleid: ssrf-request-url
    return http.request("POST", data["callback"], body=b"done")


@app.get("/httpx-checked")
def httpx_checked():
    url = httpx.URL(request.args["src"])
    if url.scheme != "https" or url.host not in ALLOWED_HOSTS:
        return "forbidden", 403
    # ok: ssrf-request-url
    return httpx.get(url, timeout=10).content
