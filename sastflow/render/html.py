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
from collections.abc import Iterator
from importlib import resources
from typing import Any

from markupsafe import Markup

from sastflow import __version__
from sastflow.model import Severity
from sastflow.page_split import placeholder, split_at
from sastflow.render.env import html_environment
from sastflow.render.html_findings import FindingsHtml
from sastflow.render.links import source_links
from sastflow.render.markdown import failure_reason
from sastflow.render.view import Row, Status, Summary

TEMPLATE = "report.html.j2"

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
        "version": __version__,
        # Markup: emitted verbatim, so the bytes hashed in the CSP are the bytes in the file.
        "css": Markup(css),  # noqa: S704 - our own packaged stylesheet
        "js": Markup(js),  # noqa: S704 - our own packaged script
        "csp": content_security_policy(css, js),
    }


def html_chunks(summary: Summary) -> Iterator[str]:
    """The whole report as one HTML document, in pieces: a finding at a time. The page is
    rendered with placeholders for the findings and rules sections
    (:mod:`sastflow.page_split`)."""
    marks = [placeholder("findings"), placeholder("rules")]
    context = _context(summary)
    context["findings_html"], context["rules_html"] = (Markup(m) for m in marks)  # noqa: S704
    page = html_environment().get_template(TEMPLATE).render(context)
    if not summary.rows:  # the template shows "No findings." and no sections to fill
        yield page
        return
    head, middle, tail = split_at(page, marks)
    findings = FindingsHtml(source_links(summary.head_ref))
    yield head
    yield from map(findings.row, summary.rows)
    yield middle
    yield from findings.rules_section()  # after the rows: they number the rules they link
    yield tail
