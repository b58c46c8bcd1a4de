"""Links from a report's findings to the file at the scanned commit.

On GitHub Actions the server, repository and commit are known (``GITHUB_SERVER_URL``,
``GITHUB_REPOSITORY``, and the pull request's head or ``GITHUB_SHA``): a finding links to
``{server}/{repository}/blob/{sha}/{path}#L{line}-L{end_line}``. Elsewhere
``--source-url-template`` gives the shape, with ``{path}``, ``{line}``, ``{end_line}`` and
``{sha}`` filled in (the path URL-encoded). Each value is checked (an https/http server, an
``owner/name``, a hex SHA), so a link can only point where it says.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from sastflow.errors import UsageError

_SERVER = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/-]*)?")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_FIELDS = ("{path}", "{line}", "{end_line}", "{sha}")

_template_override: str | None = None


def check_template(template: str) -> str:
    """A ``--source-url-template`` as given, or UsageError saying what is wrong."""
    if not re.match(r"https?://[^/\s{}]+/", template) or any(c.isspace() for c in template):
        raise UsageError(
            f"--source-url-template {template!r}: must be an http(s) URL "
            "(e.g. https://git.example.com/repo/blob/{sha}/{path}#L{line})"
        )
    if "{path}" not in template:
        raise UsageError(f"--source-url-template {template!r}: must contain {{path}}")
    leftover = re.sub("|".join(re.escape(f) for f in _FIELDS), "", template)
    if "{" in leftover or "}" in leftover:
        raise UsageError(
            f"--source-url-template {template!r}: only {', '.join(_FIELDS)} are filled in"
        )
    return template


def set_template(template: str | None) -> None:
    """What ``--source-url-template`` said, for the reports this process renders."""
    global _template_override
    _template_override = check_template(template) if template is not None else None


@dataclass(frozen=True, slots=True)
class SourceLinks:
    template: str | None  # None: no links
    sha: str = ""

    def url(self, path: str, line: int, end_line: int) -> str | None:
        if self.template is None:
            return None
        end = max(end_line, line)
        template = self.template
        if end == line:  # GitHub's one-line anchor
            template = template.replace("#L{line}-L{end_line}", "#L{line}")
        return (
            template.replace("{path}", urllib.parse.quote(path, safe="/"))
            .replace("{end_line}", str(end))
            .replace("{line}", str(line))
            .replace("{sha}", self.sha)
        )


def source_links(head_sha: str | None, environ: Mapping[str, str] | None = None) -> SourceLinks:
    """Links for this report: the ``--source-url-template``, else GitHub's from the Actions
    variables, else none. ``head_sha``: the PR head a diff-aware report is about."""
    env = os.environ if environ is None else environ
    sha = head_sha if head_sha and _SHA.fullmatch(head_sha) else env.get("GITHUB_SHA", "").strip()
    sha = sha if _SHA.fullmatch(sha) else ""
    if _template_override is not None:
        return SourceLinks(_template_override, sha)
    server = env.get("GITHUB_SERVER_URL", "").strip().rstrip("/")
    repository = env.get("GITHUB_REPOSITORY", "").strip()
    if not (_SERVER.fullmatch(server) and _REPOSITORY.fullmatch(repository) and sha):
        return SourceLinks(None)
    return SourceLinks(f"{server}/{repository}/blob/{sha}/{{path}}#L{{line}}-L{{end_line}}", sha)
