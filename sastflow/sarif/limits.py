"""GitHub code scanning's limits on an uploaded SARIF file, checked before the file is written.

GitHub rejects a whole upload when one limit is exceeded (or, for rule metadata, quietly drops
or mangles it), and the error then surfaces in an unrelated step (``upload-sarif``) long after
sastflow ran. So sastflow checks its own output against the documented limits:

- at most 25,000 results per run and 20 runs per file, at most 10 MB gzipped;
- two runs with the same identity (tool driver name + ``automationDetails.id``) are rejected;
- per rule: ``name`` at most 255 characters, short and full descriptions at most 1,024, at
  most 20 tags, ``help.text`` present, ``properties.security-severity`` a numeric string.

:func:`check_upload_limits` lists every problem as a sentence naming the run and rule.
:func:`fit_for_upload` fixes what can be fixed without losing a finding (truncating text,
trimming tags, filling in help text, turning a numeric severity into a string); results are
never dropped, so a log with too many results stays a problem for the user to solve.
"""

from __future__ import annotations

import copy
import gzip
import json
import math
from collections.abc import Iterator
from typing import Any

from sastflow.errors import UsageError

MAX_RESULTS_PER_RUN = 25_000
MAX_RUNS = 20
# GitHub documents "10 MB"; take the smaller reading (10**7, not 10 MiB) to stay on the safe side.
MAX_GZIP_BYTES = 10_000_000
MAX_RULE_NAME = 255
MAX_DESCRIPTION = 1_024
MAX_TAGS = 20
ELLIPSIS = "…"

# Tags GitHub gives a meaning to: kept first when a rule has too many.
_PRIORITY_TAGS = ("security",)

_SPLIT_ADVICE = (
    "leave generated, vendored and test code out (`exclude` in .sastflow.toml), or scan parts of "
    "the repository as separate analyses, each uploaded under a category of its own (the "
    "category is the runs' automationDetails.id, which upload-sarif's `category` input does not "
    "override); sastflow never drops findings to fit"
)


class UploadLimitError(UsageError):
    """A SARIF log that GitHub code scanning would reject, with every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _run_name(index: int, run: dict[str, Any]) -> str:
    driver = _driver(run)
    tool = str(driver.get("name") or "unnamed tool")
    category = _automation_id(run)
    where = f"run {index + 1} ({tool}"
    return where + (f", category {category!r})" if category else ")")


def _driver(run: dict[str, Any]) -> dict[str, Any]:
    tool = run.get("tool")
    driver = tool.get("driver") if isinstance(tool, dict) else None
    return driver if isinstance(driver, dict) else {}


def _automation_id(run: dict[str, Any]) -> str:
    details = run.get("automationDetails")
    return str(details.get("id") or "") if isinstance(details, dict) else ""


def _rules(run: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every rule descriptor of a run: the driver's and each extension's."""
    tool = run.get("tool")
    if not isinstance(tool, dict):
        return
    components = [tool.get("driver"), *(tool.get("extensions") or [])]
    for component in components:
        if isinstance(component, dict):
            for rule in component.get("rules") or []:
                if isinstance(rule, dict):
                    yield rule


def _runs(log: dict[str, Any]) -> list[dict[str, Any]]:
    runs = log.get("runs")
    if not isinstance(runs, list):
        return []
    return [run for run in runs if isinstance(run, dict)]


def _text_of(node: Any) -> str | None:
    if isinstance(node, dict) and isinstance(node.get("text"), str):
        text: str = node["text"]
        return text
    return None


def _is_numeric_string(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        number = float(value)
    except ValueError:
        return False
    return math.isfinite(number) and 0.0 <= number <= 10.0


def gzipped_size(log: dict[str, Any]) -> int:
    """The size of the log as upload-sarif sends it: compact JSON, gzipped."""
    # As JavaScript's JSON.stringify writes it: non-ASCII as UTF-8. A lone surrogate (in a
    # warning about a file name that is not UTF-8) is counted, not a crash; JavaScript escapes
    # it, which is three bytes more.
    text = json.dumps(log, separators=(",", ":"), ensure_ascii=False)
    payload = text.encode("utf-8", "surrogatepass")
    return len(gzip.compress(payload, compresslevel=6, mtime=0))


def _rule_problems(where: str, rule: dict[str, Any]) -> Iterator[str]:
    rule_id = rule.get("id")
    named = f"{where}, rule {rule_id!r}" if rule_id else f"{where}, a rule without an id"
    name = rule.get("name")
    if isinstance(name, str) and len(name) > MAX_RULE_NAME:
        yield f"{named}: name is {len(name)} characters; GitHub accepts at most {MAX_RULE_NAME}"
    for key, label in (("shortDescription", "short"), ("fullDescription", "full")):
        text = _text_of(rule.get(key))
        if text is not None and len(text) > MAX_DESCRIPTION:
            yield (
                f"{named}: {label} description is {len(text)} characters; GitHub accepts at "
                f"most {MAX_DESCRIPTION}"
            )
    properties = rule.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    tags = properties.get("tags")
    if isinstance(tags, list) and len(tags) > MAX_TAGS:
        yield f"{named}: {len(tags)} tags; GitHub accepts at most {MAX_TAGS}"
    if not _text_of(rule.get("help")):
        yield f"{named}: help.text is missing; GitHub requires help text for every rule"
    if "security-severity" in properties and not _is_numeric_string(
        properties["security-severity"]
    ):
        yield (
            f"{named}: properties.security-severity is {properties['security-severity']!r}; "
            'GitHub needs a numeric string from "0.0" to "10.0"'
        )


def check_upload_limits(log: dict[str, Any]) -> list[str]:
    """Every reason GitHub code scanning would reject or mangle ``log``, one sentence each."""
    problems: list[str] = []
    runs = _runs(log)
    if len(runs) > MAX_RUNS:
        problems.append(
            f"the log has {len(runs)} runs; GitHub accepts at most {MAX_RUNS} per upload: merge "
            "shards of one tool with `sastflow merge`, or upload the tools separately"
        )
    seen: dict[tuple[str, str], int] = {}
    for index, run in enumerate(runs):
        where = _run_name(index, run)
        identity = (str(_driver(run).get("name") or ""), _automation_id(run))
        if identity in seen:
            problems.append(
                f"{where} has the same tool and category as run {seen[identity] + 1}; GitHub "
                "rejects two runs with one identity: merge them with `sastflow merge`"
            )
        else:
            seen[identity] = index
        results = run.get("results")
        count = len(results) if isinstance(results, list) else 0
        if count > MAX_RESULTS_PER_RUN:
            problems.append(
                f"{where} has {count:,} results; GitHub code scanning accepts at most "
                f"{MAX_RESULTS_PER_RUN:,} per run: {_SPLIT_ADVICE}"
            )
        for rule in _rules(run):
            problems.extend(_rule_problems(where, rule))
    size = gzipped_size(log)
    if size > MAX_GZIP_BYTES:
        problems.append(
            f"the log is {size:,} bytes gzipped; GitHub accepts at most {MAX_GZIP_BYTES:,}: "
            f"{_SPLIT_ADVICE}"
        )
    return problems


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def _trim_tags(tags: list[Any]) -> list[Any]:
    unique = list(dict.fromkeys(t for t in tags if isinstance(t, str)))
    first = [t for t in _PRIORITY_TAGS if t in unique]
    rest = [t for t in unique if t not in first]
    return (first + rest)[:MAX_TAGS]


def _fit_rule(rule: dict[str, Any]) -> None:
    name = rule.get("name")
    if isinstance(name, str):
        rule["name"] = _truncate(name, MAX_RULE_NAME)
    for key in ("shortDescription", "fullDescription"):
        text = _text_of(rule.get(key))
        if text is not None:
            rule[key]["text"] = _truncate(text, MAX_DESCRIPTION)
    if not _text_of(rule.get("help")):
        fallback = (
            _text_of(rule.get("fullDescription"))
            or _text_of(rule.get("shortDescription"))
            or (name if isinstance(name, str) and name else None)
            or str(rule.get("id") or "No description.")
        )
        help_node = rule.get("help")
        rule["help"] = {**(help_node if isinstance(help_node, dict) else {}), "text": fallback}
    properties = rule.get("properties")
    if not isinstance(properties, dict):
        return
    tags = properties.get("tags")
    if isinstance(tags, list) and len(tags) > MAX_TAGS:
        properties["tags"] = _trim_tags(tags)
    severity = properties.get("security-severity")
    if isinstance(severity, bool) or not isinstance(severity, int | float):
        return
    if math.isfinite(severity) and 0 <= severity <= 10:
        properties["security-severity"] = f"{float(severity):.1f}"


def fit_for_upload(log: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``log`` with the rule metadata GitHub would reject made acceptable.

    Never drops a result or a run: whatever :func:`check_upload_limits` still reports on the
    copy needs the user's decision (see :func:`require_uploadable`)."""
    # Only rule descriptors change, and they all live under each run's `tool`: copying the
    # results too cost 0.77 s for 20k results, more than the rest of the upload path.
    fitted = dict(log)
    runs = log.get("runs")
    if isinstance(runs, list):
        fitted["runs"] = [
            {**run, "tool": copy.deepcopy(run["tool"])}
            if isinstance(run, dict) and "tool" in run
            else run
            for run in runs
        ]
    for run in _runs(fitted):
        for rule in _rules(run):
            _fit_rule(rule)
    return fitted


def require_uploadable(log: dict[str, Any]) -> dict[str, Any]:
    """``fit_for_upload(log)``, or :class:`UploadLimitError` naming what cannot be fixed."""
    fitted = fit_for_upload(log)
    problems = check_upload_limits(fitted)
    if problems:
        raise UploadLimitError(problems)
    return fitted
