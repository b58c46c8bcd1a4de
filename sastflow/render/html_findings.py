"""The findings and rules sections of the HTML report, written directly as escaped strings.

These two sections grow with the scan (20,000 findings: 27 values each); through jinja2 they
cost 2.5 s, most of it in per-value ``finalize``/``escape`` calls and attribute lookups. Here
every value from the scan goes through :func:`text`, which reveals invisible characters and
escapes for both element text and quoted attributes, exactly as the template's autoescape does.
Rule help, the same for every finding of a rule, is written once per rule in the rules section
and linked from each finding.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from urllib.parse import urlsplit

from sastflow.model import Confidence, Finding, Rule, Severity, Suppression
from sastflow.render.escape import reveal_invisible
from sastflow.render.links import SourceLinks
from sastflow.render.view import Row, line_span
from sastflow.source_context import numbered

SNIPPET_LINES = 40
SNIPPET_CHARS = 4000
MESSAGE_PREVIEW = 300
HELP_LIMIT = 4000


def text(value: object) -> str:
    """``value`` as HTML text or attribute content: invisible characters shown, markup inert."""
    s = reveal_invisible(str(value))
    return (
        s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
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


def snippet(code: str) -> str:
    """The snippet, cut to a readable size (the SARIF log keeps the whole region)."""
    if len(code) <= SNIPPET_CHARS and code.count("\n") < SNIPPET_LINES:
        return code  # engines' snippets are cut shorter than this already
    lines = code.splitlines()
    cut = "\n".join(lines[:SNIPPET_LINES])
    if len(cut) > SNIPPET_CHARS:
        cut = cut[:SNIPPET_CHARS]
    if len(lines) > SNIPPET_LINES or len(cut) < len("\n".join(lines)):
        cut += "\n… (cut)"
    return cut


def shorten(s: str, limit: int) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


class FindingsHtml:
    """Writes the findings list, numbering the rules it links to for the rules section."""

    def __init__(self, links: SourceLinks | None = None) -> None:
        self.links = links or SourceLinks(None)
        self.rules: dict[str, tuple[int, Rule]] = {}
        # :func:`text` of a value that recurs across findings (rule ids, engines, paths, and
        # messages, which most rules never vary), escaped once.
        self.name = functools.cache(text)
        self._headings: dict[tuple[str, Severity, Confidence], str] = {}

    def _rule_anchor(self, rule: Rule) -> str:
        known = self.rules.get(rule.id)
        if known is None:
            known = self.rules[rule.id] = (len(self.rules), rule)
        return f"rule-{known[0]}"

    def row(self, row: Row) -> str:
        sev = row.severity.label
        status = row.status.value
        rules = "<br>".join(f"<code>{self.name(rule)}</code>" for rule in row.rules)
        blocking = ' is-blocking"' if row.blocking else '"'
        blocks = '<span class="blocks">BLOCKS</span>' if row.blocking else ""
        lead = row.lead.message
        short = len(lead) <= MESSAGE_PREVIEW
        preview = self.name(lead) if short else text(shorten(lead, MESSAGE_PREVIEW))
        head = (
            f'<details class="finding{blocking} data-sev="{sev}" data-status="{status}" '
            f'data-engines="{self.name(" ".join(row.engines))}" '
            f'data-rules="{self.name(chr(10).join(row.rules))}">\n'
            f'<summary><span><span class="sev sev-{sev}">{sev}</span></span>'
            f'<span class="rules">{rules}</span>'
            f'<span class="loc">{self.name(row.path)}:{line_span(row.line, row.end_line)}</span>'
            f'<span class="msg">{preview}</span>'
            f'<span class="st-cell"><span class="st st-{status}">{status}</span>{blocks}</span>'
            "</summary>\n"
        )
        details = "".join(self.detail(f) for f in row.findings)
        return f"{head}{self._actions(row)}{details}</details>\n"

    def _actions(self, row: Row) -> str:
        """The row's "Accept…" control and selection box; what the script needs to write the
        ledger entry travels in data attributes (escaped like any text)."""
        lead = row.lead
        if not lead.fingerprint:
            return ""
        group = "\n".join(
            f"{f.fingerprint} {f.rule_id}"
            for f in row.findings[1:]
            if f.fingerprint and f.path == lead.path and f.fingerprint != lead.fingerprint
        )
        fp = text(lead.fingerprint)
        also = f' data-group="{text(group)}"' if group else ""
        return (
            f'<div class="actions" data-fp="{fp}" data-rule="{self.name(lead.rule_id)}" '
            f'data-path="{self.name(lead.path)}"{also}><label><input type="checkbox" '
            f'class="pick" name="pick" value="{fp}"> select</label> '
            '<button type="button" class="accept-one">Accept…</button></div>\n'
        )

    def _heading(self, f: Finding) -> str:
        """A detail's heading: the same for every finding of one rule, severity and confidence."""
        key = (f.rule_id, f.severity, f.confidence)
        heading = self._headings.get(key)
        if heading is None:
            rule = f.rule
            cwe = (" · " + ", ".join(f"CWE-{c}" for c in rule.cwe)) if rule.cwe else ""
            heading = self._headings[key] = (
                f'<div class="detail">\n<h3><a href="#{self._rule_anchor(rule)}">'
                f"{self.name(rule.id)}</a>"
                f' <span class="meta">· {self.name(f.engine)} · {f.severity.label} · confidence '
                f"{f.confidence.label}{cwe}</span></h3>\n"
            )
        return heading

    def detail(self, f: Finding) -> str:
        """One finding of a row."""
        loc = f.location
        where = f"<code>{self.name(f.path)}:{line_span(loc.start_line, loc.end_line)}</code>"
        url = safe_url(self.links.url(f.path, loc.start_line, loc.end_line))
        if url is not None:
            where = f'<a href="{text(url)}" rel="noopener noreferrer" target="_blank">{where}</a>'
        parts = [
            self._heading(f),
            f"<p>{self.name(f.message)}</p>\n",
            source_block(f),
            f"<dl>\n<dt>location</dt><dd>{where}</dd>\n"
            f"<dt>fingerprint</dt><dd><code>{text(f.fingerprint or '(none)')}</code></dd>\n",
        ]
        if f.correlation:
            parts.append(f"<dt>correlation</dt><dd><code>{text(f.correlation)}</code></dd>\n")
        parts.extend(_suppression(s) for s in f.suppressions)
        parts.append("</dl>\n</div>\n")
        return "".join(parts)

    def rules_section(self) -> Iterator[str]:
        """One entry per rule linked from the findings, in the order they were first linked."""
        for index, rule in sorted(self.rules.values(), key=lambda pair: pair[0]):
            cwe = ", ".join(f"CWE-{c}" for c in rule.cwe)
            url = safe_url(rule.help_uri)
            docs = (
                f'<p><a href="{text(url)}" rel="noopener noreferrer" target="_blank">'
                f"{text(rule.help_uri)}</a></p>\n"
                if url
                else ""
            )
            help_text = rule.help_text or rule.short_description
            yield (
                f'<details class="rule" id="rule-{index}">\n<summary><code>{text(rule.id)}</code>'
                f' <span class="meta">· {text(rule.engine)} · {rule.default_severity.label}'
                f"{' · ' + cwe if cwe else ''}</span></summary>\n"
                f'<div class="help">{text(shorten(help_text, HELP_LIMIT))}</div>\n{docs}'
                "</details>\n"
            )


def source_block(f: Finding) -> str:
    """The flagged lines with their numbers and two lines of context either side, the flagged
    ones marked (``class="hl"`` and a ``▶`` a reader without the stylesheet still sees)."""
    lines = numbered(f)
    if not lines:
        return f"<pre><code>{text(snippet(f.snippet))}</code></pre>\n"
    width = len(str(lines[-1].number))
    # Short tags: 20,000 findings of five lines each. <i> is a line number, <b> a flagged line.
    body = "".join(
        f"<b><i>▶{line.number:>{width}}</i> {text(line.text[:SNIPPET_CHARS])}</b>\n"
        if line.flagged
        else f"<i> {line.number:>{width}}</i> {text(line.text[:SNIPPET_CHARS])}\n"
        for line in lines[:SNIPPET_LINES]
    )
    return f'<pre class="src"><code>{body}</code></pre>\n'


def _suppression(s: Suppression) -> str:
    extra = ""
    if s.approved_by:
        extra += f" · by {text(s.approved_by)}"
    if s.expires:
        extra += f" · expires {s.expires.isoformat()}"
    if s.ticket:
        extra += f" · {text(s.ticket)}"
    return (
        f"<dt>suppression</dt><dd>{text(s.kind.value)} · {text(s.status.value)}{extra}</dd>\n"
        f"<dt>justification</dt><dd>{text(s.justification)}</dd>\n"
    )
