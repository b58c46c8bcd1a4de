"""The HTML report: one self-contained file, escaped, locked down by CSP, filterable."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from render_records import BANDIT_B101, SEMGREP_SHELL, make_finding, make_report

from sastflow.model import ScanReport
from sastflow.render.html import html_chunks
from sastflow.render.view import summarise


def _html_page(report: ScanReport) -> str:
    """The whole report as one HTML document, as `scan --html` writes it in pieces."""
    return "".join(html_chunks(summarise(report)))


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Outline(HTMLParser):
    """Tags, attributes and the text of <style>/<script> of a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"style": [], "script": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._open = tag

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.raw[self._open].append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hostile_html(mixed_report: ScanReport) -> str:
    hostile = make_finding(
        SEMGREP_SHELL,
        'app/"><script>x</script>.py',
        7,
        message=f"matched {XSS} \u202eevil",
        snippet=f"run({XSS!r})\n</code></pre><h1>forged</h1>",
    )
    hostile = replace(
        hostile,
        rule=replace(
            hostile.rule,
            id=f'sastflow.x"><img src=x onerror=alert(2)>{XSS}',  # a rule id read back from SARIF
            help_uri="javascript:alert(1)",
            help_text=XSS,
        ),
    )
    return _html_page(make_report([*mixed_report.findings, hostile]))


def test_finding_text_is_escaped(hostile_html: str) -> None:
    doc = outline(hostile_html)
    assert len(doc.all("script")) == 1  # ours, at the end
    assert not doc.all("img")
    assert len(doc.all("h1")) == 1  # the report's own title; the snippet's <h1> is text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in hostile_html
    assert not any(k.startswith("on") for _, attrs in doc.tags for k in attrs)
    assert "javascript:" not in "".join(str(a.get("href")) for a in doc.all("a"))
    assert "\u202e" not in hostile_html
    assert "&lt;U+202E&gt;evil" in hostile_html
    # The hostile rule id is shown (summary, detail, rules section, filter), always as text.
    assert hostile_html.count("sastflow.x&#34;&gt;&lt;img src=x onerror=alert(2)&gt;") >= 4


def test_nothing_is_fetched_and_csp_allows_only_the_inline_assets(hostile_html: str) -> None:
    doc = outline(hostile_html)
    for _tag, attrs in doc.tags:
        assert "src" not in attrs and "srcset" not in attrs
    assert not doc.all("link") and not doc.all("iframe") and not doc.all("object")
    ids = {attrs.get("id") for _tag, attrs in doc.tags}
    for attrs in doc.all("a"):
        href = str(attrs["href"])
        # Navigation only, on click: out to the rule's docs, or to a rule entry on this page.
        assert href.startswith("https://") or (href.startswith("#") and href[1:] in ids)
    css = "".join(doc.raw["style"])
    assert "url(" not in css and "@import" not in css
    (meta,) = [m for m in doc.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    policy = dict(part.split(" ", 1) for part in str(meta["content"]).split("; "))
    assert policy["default-src"] == "'none'"

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert policy["style-src"] == sha(css)
    assert policy["script-src"] == sha("".join(doc.raw["script"]))
    assert "unsafe-inline" not in str(meta["content"])


def test_filters_and_rows(mixed_report: ScanReport) -> None:
    html = _html_page(mixed_report)
    doc = outline(html)
    findings = [a for t, a in doc.tags if t == "details" and "finding" in str(a.get("class"))]
    assert len(findings) == 5  # the Bandit+Semgrep pair is one entry
    pair = [f for f in findings if f["data-engines"] == "bandit semgrep"]
    assert len(pair) == 1
    assert str(pair[0]["data-rules"]).split("\n") == ["bandit.B602", "sastflow.subprocess-shell"]
    boxes = {(a["name"], a["value"]) for a in doc.all("input") if a.get("type") == "checkbox"}
    assert {("sev", "critical"), ("sev", "high"), ("sev", "low")} <= boxes
    assert {("status", "pending"), ("status", "accepted"), ("status", "in-source")} <= boxes
    assert {("engine", "bandit"), ("engine", "semgrep")} <= boxes
    rules = {a["value"] for a in doc.all("option")}
    assert rules == {
        "",
        "bandit.B101",
        "bandit.B602",
        "sastflow.subprocess-shell",
        "sastflow.yaml-load",
    }
    assert "Incomplete: bandit timed out." in html
    assert "argv is a constant list" in html  # a suppression's justification
    assert mixed_report.findings[0].fingerprint in html


def test_rule_help_is_written_once_per_rule_and_linked_from_each_finding(
    mixed_report: ScanReport,
) -> None:
    html = _html_page(mixed_report)
    doc = outline(html)
    entries = {str(a["id"]): a for a in doc.all("details") if a.get("class") == "rule"}
    links = [str(a["href"]) for a in doc.all("a") if str(a["href"]).startswith("#")]
    details = sum(1 for f in mixed_report.findings)  # one detail block per finding
    assert len(links) == details  # every finding links its rule
    assert {href[1:] for href in links} == set(entries)  # and every entry is linked
    assert len(entries) == len({f.rule_id for f in mixed_report.findings})
    for finding in mixed_report.findings:
        assert html.count(finding.rule.help_text) == 1, finding.rule_id
    assert "https://bandit.readthedocs.io/en/latest/plugins/b602.html" in html


def test_twenty_thousand_findings_stay_a_reasonable_file() -> None:
    findings = [
        make_finding(BANDIT_B101, f"pkg/m{i % 400}.py", i, snippet="assert x\n" * 3)
        for i in range(1, 20_001)
    ]
    html = _html_page(make_report(findings))
    assert html.count('<details class="finding') == 20_000
    assert len(html.encode()) < 20_000 * 1_200  # bytes per finding, help text included


def dump_dom(url: str) -> str:
    return subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_a_browser_runs_the_filters(tmp_path: Path, mixed_report: ScanReport) -> None:
    page = tmp_path / "report.html"
    page.write_text(_html_page(mixed_report), encoding="utf-8")
    dom = dump_dom(f"{page.as_uri()}#sev=high,low&q=app/checks")
    assert re.search(r'<span id="shown">2 of 5 shown</span>', dom)  # the script ran under CSP
    assert dom.count(' hidden=""') == 3
    # A finding's rule link opens that rule's entry (and only that one).
    dom = dump_dom(f"{page.as_uri()}#rule-1")
    assert re.search(r'<details class="rule" id="rule-1" open="">', dom)
    assert dom.count('class="rule" id="rule-') == 4 and dom.count(' open=""') == 1
