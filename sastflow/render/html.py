"""Self-contained HTML report: one file, no network, filterable by severity, engine, rule, status.

The inline stylesheet and script are allowed by their SHA-256 hashes in a strict
Content-Security-Policy, so nothing else can run or load even if an escape were missed: no
external script, style, image, font, frame or form target. Values are escaped by jinja2's
autoescape (``templates/report.html.j2``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections import Counter
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from sastflow import __version__
from sastflow.model import ScanReport, Severity
from sastflow.render.env import html_environment
from sastflow.render.markdown import failure_reason
from sastflow.render.view import Row, Status, Summary, summarise

TEMPLATE = "report.html.j2"
SNIPPET_LINES = 40
SNIPPET_CHARS = 4000
HELP_LIMIT = 600

_LEDGER_NOTES = {
    "expired": "expired",
    "stale": "stale",
    "pending": "pending approval",
}


@functools.cache
def _asset(name: str) -> str:
    return resources.files("sastflow.render").joinpath("templates", name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def content_security_policy(css: str, js: str) -> str:
    """Only this file's own stylesheet and script; nothing is fetched, framed or submitted."""
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src '{_sha256(css)}'",
            f"script-src '{_sha256(js)}'",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) link, else None (no ``javascript:`` or ``data:``)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def snippet(text: str) -> str:
    """The snippet, cut to a readable size (the SARIF log keeps the whole region)."""
    lines = text.splitlines()
    cut = "\n".join(lines[:SNIPPET_LINES])
    if len(cut) > SNIPPET_CHARS:
        cut = cut[:SNIPPET_CHARS]
    if len(lines) > SNIPPET_LINES or len(cut) < len("\n".join(lines)):
        cut += "\n… (cut)"
    return cut


def _facets(rows: tuple[Row, ...]) -> dict[str, list[tuple[str, int]]]:
    severities = Counter(r.severity for r in rows)
    statuses = Counter(r.status for r in rows)
    engines = Counter(e for r in rows for e in r.engines)
    rules = Counter(rule for r in rows for rule in r.rules)
    return {
        "severities": [(s.label, severities[s]) for s in sorted(severities, reverse=True)],
        "statuses": [(s.value, statuses[s]) for s in Status if statuses[s]],
        "engines": sorted(engines.items()),
        "rules": sorted(rules.items()),
    }


def _context(summary: Summary) -> dict[str, Any]:
    css, js = _asset("report.css"), _asset("report.js")
    blocking: Counter[Severity] = Counter(r.severity for r in summary.rows if r.blocking)
    return {
        "s": summary,
        "rows": summary.rows,
        "facets": _facets(summary.rows),
        "Status": Status,
        "blocking_by_severity": blocking,
        "ledger_note": _LEDGER_NOTES,
        "failure_reason": failure_reason,
        "help_limit": HELP_LIMIT,
        "safe_url": safe_url,
        "snippet": snippet,
        "version": __version__,
        # Markup: emitted verbatim, so the bytes hashed in the CSP are the bytes in the file.
        "css": Markup(css),  # noqa: S704 - our own packaged stylesheet
        "js": Markup(js),  # noqa: S704 - our own packaged script
        "csp": content_security_policy(css, js),
    }


def render_html(report: ScanReport) -> str:
    """The whole report as one HTML document."""
    template = html_environment().get_template(TEMPLATE)
    return template.render(_context(summarise(report)))
