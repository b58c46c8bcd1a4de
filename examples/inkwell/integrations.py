"""Outgoing HTTP: webhooks, link previews and the issue tracker."""

import hashlib
import json
import ssl
import urllib.request

import requests
from flask import Blueprint, current_app, request

bp = Blueprint("integrations", __name__, url_prefix="/integrations")


@bp.get("/preview")
def link_preview():
    url = request.args["url"]
    page = requests.get(url, timeout=5)
    title = page.text.split("<title>", 1)[-1].split("</title>", 1)[0]
    return {"url": url, "title": title[:200]}


def delivery_id(payload):
    """Deduplicates retried deliveries on the receiving side."""
    return hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def deliver_webhook(endpoint, payload, signature):
    # Customer endpoints often use self-signed certificates.
    response = requests.post(
        endpoint,
        json=payload,
        headers={"X-Inkwell-Signature": signature},
        verify=False,
        timeout=10,
    )
    return response.status_code


def report_failure(repo, message):
    token = current_app.config["GITHUB_TOKEN"]
    return requests.post(
        f"https://api.github.com/repos/{repo}/issues",
        json={"title": "Webhook delivery failed", "body": message},
        headers={"Authorization": f"Bearer {token}"},
    )


def fetch_legacy_feed(url):
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return response.read()
