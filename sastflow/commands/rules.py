"""`sastflow rules`: test a rule pack with `semgrep --test`, and generate its README table.

``rules test`` validates every rule file first (so a malformed rule is one ``file:line`` error,
exit 2, never a Semgrep traceback), checks that each rule has at least two ``# ruleid:`` and
two ``# ok:`` cases, then runs ``semgrep --test`` on the pack.

``rules doc`` writes the pack's README (a table of every rule and how to add one) from the rule
files themselves; ``--check`` exits 1 when the file on disk is out of date, so CI catches drift.
"""

from __future__ import annotations

import argparse
import pathlib
from typing import TYPE_CHECKING, Any

from sastflow.commands._help import described

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sastflow.rulepack import CaseCount, PackRule

MIN_CASES = 2  # of each kind: `# ruleid:` (must fire) and `# ok:` (must not)
# Every rule of a tested pack carries these, so SARIF and dedupe have what they need.
REQUIRED_METADATA = ("category", "cwe", "confidence", "references", "security-severity")
SEMGREP_TEST_TIMEOUT = 900.0  # seconds; the whole pack, one semgrep-core run per rule file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="test the rule pack or regenerate its README",
        **described(
            "Work on a Semgrep rule pack: sastflow's own, or a folder of your rules. `test`\n"
            "validates every rule and runs its examples; `doc` writes the pack's README.",
            "sastflow rules test --pack my-rules/",
            "sastflow rules doc --check",
        ),
    )
    parser.set_defaults(handler=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")

    test = sub.add_parser(
        "test",
        help="validate the rules and run their tests with semgrep --test",
        **described(
            "Validate every rule file, require >= 2 '# ruleid:' and >= 2 '# ok:' cases per rule\n"
            "(in the test file beside it), and run semgrep --test on the pack. Exit 0 when all\n"
            "pass, 1 when a test fails, 2 for a malformed rule file, 3 when Semgrep fails.",
            "sastflow rules test                     # sastflow's own pack",
            "sastflow rules test --pack my-rules/    # your rules, before listing them in `rules`",
        ),
    )
    test.add_argument(
        "--pack", metavar="DIR", help="rule folder to test (default: sastflow's rules/semgrep)"
    )
    test.set_defaults(handler=_test)

    doc = sub.add_parser(
        "doc",
        help="regenerate the pack's README.md from its rule files",
        **described(
            "Write README.md for a rule pack: a table of every rule (id, what it catches, CWE,\n"
            "severity) and how to add a rule. With --check, write nothing and exit 1 if the\n"
            "file on disk differs.",
            "sastflow rules doc --pack my-rules/",
            "sastflow rules doc --check              # in CI: is rules/README.md up to date?",
        ),
    )
    doc.add_argument(
        "--pack", metavar="DIR", help="rule folder (default: sastflow's rules/semgrep)"
    )
    doc.add_argument(
        "--output",
        metavar="FILE",
        help="where to write (default: rules/README.md for sastflow's pack, else DIR/README.md)",
    )
    doc.add_argument(
        "--check", action="store_true", help="exit 1 if the README is out of date; write nothing"
    )
    doc.set_defaults(handler=_doc)

    digest = sub.add_parser(
        "digest",
        help="print the rule-pack digest (a cache key for the saved result cache)",
        **described(
            "Print a short digest of the rules the engines run with for the repository at PATH\n"
            "(its config's rule folders, sastflow's pack, the Bandit profile): a CI cache key\n"
            "that changes exactly when cached engine results stop being valid.",
            "sastflow rules digest .              # the key for actions/cache",
        ),
    )
    digest.add_argument("path", nargs="?", default=".", type=pathlib.Path, help="repository")
    digest.add_argument("--config", type=pathlib.Path, metavar="FILE", help="config file")
    digest.set_defaults(handler=_digest)


def _digest(args: argparse.Namespace) -> int:
    from sastflow.cache.digest import rule_pack_digest

    print(rule_pack_digest(args.path.resolve(), args.config))
    return 0


def _usage(parser: argparse.ArgumentParser) -> int:
    from sastflow.errors import ExitCode

    parser.print_help()
    return int(ExitCode.USAGE)


# --- rules test ------------------------------------------------------------------------------


def _test(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sastflow import rulepack
    from sastflow.errors import ExitCode, UsageError

    pack = Path(args.pack) if args.pack else rulepack.default_pack_dir()
    if pack.exists() and not pack.is_dir():
        raise UsageError(f"--pack {args.pack}: semgrep --test needs a folder of rule files")
    rules = rulepack.read_pack(pack)  # RuleError (exit 2) for a malformed file
    problems = _policy_problems(rules)
    outcome = _run_semgrep_test(pack)
    problems += _semgrep_problems(outcome, rules)

    counts = [rulepack.count_cases(rule) for rule in rules]
    positives = sum(c.ruleid for c in counts)
    negatives = sum(c.ok for c in counts)
    for problem in problems:
        print(f"FAIL {problem}")
    if problems:
        print(f"sastflow rules test: {len(problems)} problem(s) in {rulepack.display(pack)}")
        return int(ExitCode.FINDINGS)
    print(
        f"ok   {len(rules)} rules in {rulepack.display(pack)} passed semgrep --test "
        f"({positives} '# ruleid:' and {negatives} '# ok:' cases)"
    )
    return int(ExitCode.OK)


def _policy_problems(rules: Sequence[PackRule]) -> list[str]:
    """What semgrep --test does not check: enough cases of each kind, and the metadata sastflow
    carries into SARIF and dedupe."""
    from sastflow import rulepack

    problems: list[str] = []
    for rule in rules:
        where = f"{rulepack.display(rule.file)}:{rule.line} {rule.id}:"
        targets = rulepack.test_targets(rule.file)
        if not targets:
            problems.append(
                f"{where} no test file beside the rule (expected {rule.file.stem}.py, or "
                f"{rule.file.stem}.test.yaml for YAML targets)"
            )
            continue
        cases: CaseCount = rulepack.count_cases(rule)
        if cases.ruleid < MIN_CASES or cases.ok < MIN_CASES:
            problems.append(
                f"{where} needs >= {MIN_CASES} '# ruleid: {rule.id}' and >= {MIN_CASES} "
                f"'# ok: {rule.id}' cases, has {cases.ruleid} and {cases.ok}"
            )
        missing = [key for key in REQUIRED_METADATA if key not in rule.metadata]
        if missing:
            problems.append(f"{where} metadata lacks {', '.join(missing)}")
    return problems


def _run_semgrep_test(pack: Path) -> dict[str, Any]:
    """``semgrep --test --json`` on the pack; EngineError (exit 3) when Semgrep cannot answer."""
    import json

    from sastflow import proc
    from sastflow.engines import _exec
    from sastflow.errors import EngineError

    binary = _exec.find_binary("semgrep")
    if binary is None:
        raise EngineError(_exec.missing("semgrep").detail)
    # The OCaml CLI (--experimental) runs the pack's tests in about 0.5 s against about 35 s for
    # the Python one, with the same report; the Python CLI answers when the OCaml one cannot.
    fast = [binary, "scan", "--test", "--experimental"]
    slow = [binary, "--test"]
    flags = ["--json", "--metrics=off", "--disable-version-check", str(pack)]
    for front in (fast, slow):
        done = proc.run([*front, *flags], timeout=SEMGREP_TEST_TIMEOUT)
        if done.timed_out:
            raise EngineError(f"semgrep --test timed out after {SEMGREP_TEST_TIMEOUT:g} s")
        try:
            outcome = json.loads(done.stdout)
        except ValueError:
            if front is fast:
                continue
            raise EngineError(
                f"semgrep --test exited with status {done.returncode} without a JSON report: "
                f"{done.stderr_tail()}"
            ) from None
        break
    if not isinstance(outcome, dict):
        raise EngineError("semgrep --test printed JSON that is not a report object")
    return outcome


def _semgrep_problems(outcome: dict[str, Any], rules: Sequence[PackRule]) -> list[str]:
    """Failed cases as one line each. A rule Semgrep itself rejects raises RuleError (exit 2)."""
    from pathlib import Path

    from sastflow import rulepack
    from sastflow.errors import RuleError

    where_of = {
        (rule.file.resolve(), rule.id): f"{rulepack.display(rule.file)}:{rule.line}"
        for rule in rules
    }
    rejected: list[str] = []
    for entry in outcome.get("config_with_errors") or []:
        name = entry.get("filename") if isinstance(entry, dict) else None
        # Its "error" is a Python traceback; ask Semgrep again for the structured reason.
        rejected += _rule_file_errors(Path(name)) if name else ["semgrep rejected a rule file"]
    problems: list[str] = []
    for config in outcome.get("config_missing_tests") or []:
        problems.append(f"{rulepack.display(Path(config))}: no test file beside it")
    results = outcome.get("results") or {}
    for config, result in sorted(results.items()):
        checks = (result.get("checks") or {}) if isinstance(result, dict) else {}
        for rule_id, check in sorted(checks.items()):
            where = where_of.get((Path(config).resolve(), rule_id), rulepack.display(Path(config)))
            for error in check.get("errors") or []:
                text = _one_line(error.get("message", error) if isinstance(error, dict) else error)
                if isinstance(error, dict) and error.get("level") == "error":
                    rejected.append(f"{where}: rule '{rule_id}': {text}")
                else:
                    problems.append(f"{where} {rule_id}: {text}")
            if check.get("passed"):
                continue
            for target, match in sorted((check.get("matches") or {}).items()):
                expected = set(match.get("expected_lines") or [])
                reported = set(match.get("reported_lines") or [])
                name = rulepack.display(Path(target))
                missed = sorted(expected - reported)
                extra = sorted(reported - expected)
                if missed:
                    problems.append(
                        f"{where} {rule_id}: {name}: expected a finding on line(s) "
                        f"{_lines(missed)}, none reported"
                    )
                if extra:
                    problems.append(
                        f"{where} {rule_id}: {name}: unexpected finding on line(s) "
                        f"{_lines(extra)} (not marked '# ruleid:')"
                    )
    if rejected:
        raise RuleError("\n".join(rejected))
    return problems


def _rule_file_errors(rule_file: Path) -> list[str]:
    """Semgrep's own reasons for rejecting a rule file, as ``file:line: reason`` lines."""
    import json

    from sastflow import proc, rulepack
    from sastflow.engines import _exec

    where = rulepack.display(rule_file)
    binary = _exec.find_binary("semgrep")
    if binary is None or not rule_file.is_file():
        return [f"{where}: semgrep rejected this rule file"]
    target = next(iter(rulepack.test_targets(rule_file)), rule_file)
    argv = [
        binary, "scan", "--json", "--quiet", "--metrics=off", "--disable-version-check",
        "--config", str(rule_file), str(target),
    ]  # fmt: skip
    done = proc.run(argv, timeout=120)
    try:
        errors = json.loads(done.stdout).get("errors") or []
    except (ValueError, AttributeError):
        return [f"{where}: semgrep rejected this rule file: {done.stderr_tail()}"]
    lines: list[str] = []
    for error in errors:
        if not isinstance(error, dict) or error.get("type") == "SemgrepError":
            continue  # the "N configs were invalid" summary
        spans = error.get("spans") or []
        line = spans[0].get("start", {}).get("line", 1) if spans else 1
        reason = error.get("long_msg") or error.get("message") or error.get("type", "error")
        short = error.get("short_msg")
        lines.append(f"{where}:{line}: {_one_line(f'{short}: {reason}' if short else reason)}")
    return lines or [f"{where}: semgrep rejected this rule file"]


def _one_line(text: object, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _lines(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


# --- rules doc -------------------------------------------------------------------------------


def _doc(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sastflow import rulepack
    from sastflow.errors import ExitCode, UsageError

    own_pack = not args.pack
    pack = rulepack.default_pack_dir() if own_pack else Path(args.pack)
    if args.output:
        output = Path(args.output)
    elif own_pack:
        output = pack.parent / "README.md"
    elif pack.is_dir():
        output = pack / "README.md"
    else:
        raise UsageError(f"--pack {args.pack}: give --output when the pack is a single file")
    rules = rulepack.read_pack(pack)
    text = render_readme(rules, pack=pack, output=output, own_pack=own_pack)
    if args.check:
        try:
            current = output.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            state = "missing" if current is None else "out of date"
            print(
                f"{rulepack.display(output)} is {state}; regenerate it with "
                f"`sastflow rules doc{'' if own_pack else ' --pack ' + args.pack}`"
            )
            return int(ExitCode.FINDINGS)
        print(f"{rulepack.display(output)} is up to date ({len(rules)} rules)")
        return int(ExitCode.OK)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {rulepack.display(output)} ({len(rules)} rules)")
    return int(ExitCode.OK)


def render_readme(rules: Sequence[PackRule], *, pack: Path, output: Path, own_pack: bool) -> str:
    """The README text: deterministic, so ``--check`` can compare it byte for byte."""
    import os

    from sastflow.model import Severity

    base = output.parent.resolve()
    pack_root = pack.resolve() if pack.is_dir() else pack.resolve().parent

    def category(rule: PackRule) -> str:
        relative = rule.file.resolve().parent.relative_to(pack_root)
        return relative.as_posix() if relative.parts else "general"

    by_category: dict[str, list[PackRule]] = {}
    for rule in sorted(rules, key=lambda r: (category(r), r.id)):
        by_category.setdefault(category(rule), []).append(rule)

    lines = [
        "# Rule pack" if not own_pack else "# sastflow's rule pack",
        "",
        "<!-- Generated by `sastflow rules doc` from the rule files; do not edit by hand. -->",
        "",
    ]
    if own_pack:
        lines += [
            f"{len(rules)} Semgrep rules for Python and GitHub Actions workflows, run by "
            "`sastflow scan` next to Bandit (profile: [`bandit.yml`](bandit.yml)). Findings are "
            "reported as `sastflow.<id>`; a rule that names a Bandit test in "
            "`bandit-equivalent` is shown once with it when both fire on the same lines.",
            "",
        ]
    else:
        lines += [f"{len(rules)} Semgrep rules.", ""]
    lines += [
        "Severity is the rule's `security-severity` score and the level it maps to (the scale "
        "GitHub code scanning uses: >= 9 critical, 7-8.9 high, 4-6.9 medium, below 4 low).",
        "",
        "Kind says how a rule decides. A **taint** rule reports a flow: data from one of its "
        "sources (HTTP request data) reaches a dangerous sink with none of its sanitizers on "
        "the way; an injection or deserialisation flow is high or critical and blocks at the "
        "default gate. A **pattern** rule reports the shape of the code with no evidence of "
        "who controls the input, so it is at most medium, except where the code is a defect "
        "by itself (a committed key or live token, verification switched off, a debugger on).",
        "",
    ]
    skipped = _bandit_skips() if own_pack else frozenset()
    for name, members in by_category.items():
        lines += [
            f"## {name}",
            "",
            "| Rule | What it catches | CWE | Severity | Kind | Sources | Sanitizers | Bandit |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for rule in members:
            link = os.path.relpath(rule.file.resolve(), base).replace(os.sep, "/")
            cwes = ", ".join(
                f"[CWE-{n}](https://cwe.mitre.org/data/definitions/{n}.html)" for n in rule.cwe
            )
            score = rule.security_severity
            if score is not None:
                severity = f"{Severity.from_score(float(score)).label} ({score})"
            else:
                severity = rule.severity.lower()
            sources = "; ".join(rule.sources)
            sanitizers = "; ".join(rule.sanitizers)
            lines.append(
                f"| [`{rule.id}`]({link}) | {_cell(rule.description)} | {cwes or '-'} "
                f"| {severity} | {rule.kind or '-'} | {_cell(sources) or '-'} "
                f"| {_cell(sanitizers) or '-'} | {_bandit_cell(rule, skipped)} |"
            )
        lines.append("")
    if own_pack:
        lines += _bandit_section()
    lines += _HOW_TO_ADD.splitlines()
    return "\n".join(lines).rstrip("\n") + "\n"


def _bandit_cell(rule: PackRule, skipped: frozenset[str]) -> str:
    """How the rule relates to the Bandit tests in ``bandit-equivalent``: a taint rule
    *confirms* them (the pipeline merges the two results and gives Bandit's the taint
    severity); a pattern rule *replaces* a test the profile skips, or reports *alongside* one
    that still runs (shown once with it)."""
    tests = rule.bandit_equivalent
    if not tests:
        return "-"
    if rule.kind == "taint":
        return "confirms " + ", ".join(tests)
    replaced = [t for t in tests if t in skipped]
    alongside = [t for t in tests if t not in skipped]
    parts = []
    if replaced:
        parts.append("replaces " + ", ".join(replaced))
    if alongside:
        parts.append("alongside " + ", ".join(alongside))
    return "; ".join(parts)


def _bandit_skips() -> frozenset[str]:
    import yaml

    from sastflow import rulepack

    data = yaml.safe_load(rulepack.default_bandit_profile().read_text(encoding="utf-8")) or {}
    skips = data.get("skips") if isinstance(data, dict) else None
    return frozenset(s for s in skips or [] if isinstance(s, str))


def _bandit_section() -> list[str]:
    import yaml

    from sastflow import rulepack

    profile = rulepack.default_bandit_profile()
    data = yaml.safe_load(profile.read_text(encoding="utf-8")) or {}
    skips = data.get("skips") or [] if isinstance(data, dict) else []
    return [
        "## Bandit profile",
        "",
        "Bandit runs every test it ships except these, skipped for the reasons given in "
        f"[`{profile.name}`]({profile.name}): {', '.join(f'`{s}`' for s in skips) or 'none'}. "
        "The CWE that Bandit reports for each test is listed in "
        "[`bandit-cwe.yml`](bandit-cwe.yml).",
        "",
    ]


def _cell(text: str) -> str:
    """A table cell from a rule file (trusted pack text): one line, no column breaks."""
    return " ".join(text.split()).replace("|", "\\|")


_HOW_TO_ADD = """\
## How to add a rule

1. Pick the category folder under `semgrep/` (or make one) and write `<rule-id>.yaml` with one
   rule. The id is unique in the pack and has no dots (it is reported as `sastflow.<id>`).
2. Give it a `message` that says what is wrong and how to fix it, a `severity`
   (`ERROR`/`WARNING`/`INFO`), and `metadata` with:
   - `category: security` and a one-line `description` (the "What it catches" column),
   - `cwe`: a list such as `"CWE-78: Improper Neutralization of Special Elements used in an OS
     Command ('OS Command Injection')"`, and `owasp` where one applies,
   - `confidence` (`HIGH`, `MEDIUM` or `LOW`) and `references` (URLs),
   - `security-severity` as a **quoted string** (`"8.1"`); a bare YAML number crashes Semgrep,
   - `bandit-equivalent: [B602]` when a Bandit test reports the same weakness, so the two
     findings are shown once. Say in a YAML comment why the rule is more precise than that test;
     a rule that merely repeats a Bandit test does not belong in the pack,
   - `kind` (`taint` or `pattern`, checked against the rule's mode) and, for a taint rule,
     `sources` and `sanitizers`: short phrases for the "Sources" and "Sanitizers" columns.
3. Prefer taint mode, `pattern-inside` and `pattern-not` to keep false positives out. A web
   taint rule copies the shared request sources and sanitizers between
   `# fragment: request-sources` / `# end fragment: request-sources` markers (likewise
   `common-sanitizers`, `url-checks`); edit them in `fragments/` and run
   `python rules/fragments/sync.py` (tests fail while a copy is stale). Give every source and
   sink a literal name: Semgrep skips a file when a keyword is missing, and one source without
   any makes each taint rule analyse every file that mentions a sink.
4. Write the test file beside it with the same name: `<rule-id>.py` for Python rules,
   `<rule-id>.test.yaml` for workflow rules. Put `# ruleid: <rule-id>` on the line before
   code that must be reported and `# ok: <rule-id>` before code that must not be: at least
   two of each, including a near miss (code that looks alike but is safe).
5. Run `sastflow rules test` (every rule's cases, via `semgrep --test`) and
   `sastflow rules doc` (this file), and commit the rule, its test file and this README.

Your own rules can live in any folder of your repository: list it in `.sastflow.toml`
(`rules = ["security/semgrep"]`, next to the default pack, or instead of it with
`use_default_rules = false`) and test it with `sastflow rules test --pack security/semgrep`.
"""
