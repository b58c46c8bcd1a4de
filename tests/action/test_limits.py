"""GitHub code scanning's upload limits: a synthetic log over each limit gets a clear message,
``fit_for_upload`` repairs the metadata it may repair, and never drops a finding."""

from __future__ import annotations

import base64
import copy
import os
from typing import Any

import pytest

from sastflow.cli import main
from sastflow.errors import ExitCode
from sastflow.sarif.limits import (
    MAX_DESCRIPTION,
    MAX_RESULTS_PER_RUN,
    MAX_RULE_NAME,
    MAX_RUNS,
    MAX_TAGS,
    UploadLimitError,
    check_upload_limits,
    fit_for_upload,
    gzipped_size,
    require_uploadable,
)


def rule(rule_id: str = "sastflow.shell-true", **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": rule_id,
        "name": "ShellTrue",
        "shortDescription": {"text": "subprocess with shell=True"},
        "fullDescription": {"text": "A shell parses the command line."},
        "help": {"text": "Pass an argv list instead."},
        "properties": {"tags": ["security", "external/cwe/cwe-78"], "security-severity": "8.1"},
    }
    base.update(changes)
    return base


def result(rule_id: str = "sastflow.shell-true", line: int = 1) -> dict[str, Any]:
    return {
        "ruleId": rule_id,
        "message": {"text": "shell=True"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "app/tasks.py", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": line},
                }
            }
        ],
    }


def run(
    tool: str = "Semgrep",
    category: str = "sastflow/semgrep/",
    rules: list[dict[str, Any]] | None = None,
    results: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "tool": {"driver": {"name": tool, "rules": [rule()] if rules is None else rules}},
        "automationDetails": {"id": category},
        "results": [result()] if results is None else results,
    }


def log(*runs: dict[str, Any]) -> dict[str, Any]:
    return {"version": "2.1.0", "runs": list(runs) or [run()]}


def test_a_log_within_every_limit_has_no_problem() -> None:
    good = log(run(), run("Bandit", "sastflow/bandit/"))
    assert check_upload_limits(good) == []
    assert require_uploadable(good) == good


def test_too_many_results_in_a_run_is_named_and_never_dropped() -> None:
    many = [{"ruleId": "B602", "message": {"text": "m"}} for _ in range(MAX_RESULTS_PER_RUN + 1)]
    big = log(run(), run("Bandit", "sastflow/bandit/", results=many))
    (problem,) = check_upload_limits(big)
    assert problem.startswith("run 2 (Bandit, category 'sastflow/bandit/') has 25,001 results")
    assert "at most 25,000 per run" in problem
    assert "`exclude` in .sastflow.toml" in problem and "category of its own" in problem
    fitted = fit_for_upload(big)
    assert len(fitted["runs"][1]["results"]) == MAX_RESULTS_PER_RUN + 1
    with pytest.raises(UploadLimitError) as err:
        require_uploadable(big)
    assert err.value.exit_code == ExitCode.USAGE
    assert err.value.problems == [problem]
    # Exactly at the limit is fine.
    big["runs"][1]["results"].pop()
    assert check_upload_limits(big) == []


def test_too_many_runs() -> None:
    runs = [run(f"Tool{i}", f"cat/{i}/") for i in range(MAX_RUNS + 1)]
    problems = check_upload_limits(log(*runs))
    assert problems == [
        "the log has 21 runs; GitHub accepts at most 20 per upload: merge shards of one tool "
        "with `sastflow merge`, or upload the tools separately"
    ]
    assert check_upload_limits(log(*runs[:MAX_RUNS])) == []


def test_two_runs_with_one_identity() -> None:
    (problem,) = check_upload_limits(log(run(), run()))
    assert problem.startswith("run 2 (Semgrep, category 'sastflow/semgrep/') has the same tool")
    assert "sastflow merge" in problem
    # Same tool, another category: two analyses, accepted.
    assert check_upload_limits(log(run(), run(category="nightly/semgrep/"))) == []


def test_over_ten_megabytes_gzipped() -> None:
    # Random bytes do not compress: ~11 MB of them, base64-encoded, stay over 10 MB gzipped.
    noise = base64.b64encode(os.urandom(11_000_000)).decode("ascii")
    chunks = [noise[i : i + 100_000] for i in range(0, len(noise), 100_000)]
    results = [result(line=i + 1) | {"message": {"text": c}} for i, c in enumerate(chunks)]
    huge = log(run(results=results))
    size = gzipped_size(huge)
    assert size > 10_000_000
    problems = check_upload_limits(huge)
    assert problems == [
        f"the log is {size:,} bytes gzipped; GitHub accepts at most 10,000,000: leave "
        "generated, vendored and test code out (`exclude` in .sastflow.toml), or scan parts of "
        "the repository as separate analyses, each uploaded under a category of its own (the "
        "category is the runs' automationDetails.id, which upload-sarif's `category` input "
        "does not override); sastflow never drops findings to fit"
    ]


def test_rule_metadata_over_the_limits_is_named_then_fitted() -> None:
    bad = rule(
        "sastflow.long",
        name="N" * (MAX_RULE_NAME + 1),
        shortDescription={"text": "s" * (MAX_DESCRIPTION + 1)},
        fullDescription={"text": "f" * 5000},
        properties={"tags": [f"t{i}" for i in range(30)] + ["security"], "security-severity": 9},
    )
    del bad["help"]
    original = log(run(rules=[rule(), bad]))
    snapshot = copy.deepcopy(original)
    problems = check_upload_limits(original)
    where = "run 1 (Semgrep, category 'sastflow/semgrep/'), rule 'sastflow.long'"
    assert problems == [
        f"{where}: name is 256 characters; GitHub accepts at most 255",
        f"{where}: short description is 1025 characters; GitHub accepts at most 1024",
        f"{where}: full description is 5000 characters; GitHub accepts at most 1024",
        f"{where}: 31 tags; GitHub accepts at most 20",
        f"{where}: help.text is missing; GitHub requires help text for every rule",
        f'{where}: properties.security-severity is 9; GitHub needs a numeric string from "0.0" '
        'to "10.0"',
    ]
    fitted = fit_for_upload(original)
    assert original == snapshot  # the input is not changed
    assert check_upload_limits(fitted) == []
    fixed = fitted["runs"][0]["tool"]["driver"]["rules"][1]
    assert len(fixed["name"]) == MAX_RULE_NAME and fixed["name"].endswith("…")
    assert len(fixed["shortDescription"]["text"]) == MAX_DESCRIPTION
    assert fixed["fullDescription"]["text"] == "f" * 1023 + "…"
    # The tag code scanning gives a meaning to survives the trim.
    assert len(fixed["properties"]["tags"]) == MAX_TAGS
    assert fixed["properties"]["tags"][0] == "security"
    assert fixed["help"]["text"] == fixed["fullDescription"]["text"]
    assert fixed["properties"]["security-severity"] == "9.0"
    # The untouched rule and every result are as they were.
    assert fitted["runs"][0]["tool"]["driver"]["rules"][0] == rule()
    assert fitted["runs"][0]["results"] == snapshot["runs"][0]["results"]


@pytest.mark.parametrize("severity", ["high", "", "11", "nan", None])
def test_a_severity_that_is_not_a_score_cannot_be_fixed(severity: Any) -> None:
    bad = log(run(rules=[rule(properties={"security-severity": severity})]))
    (problem,) = check_upload_limits(bad)
    assert problem == (
        "run 1 (Semgrep, category 'sastflow/semgrep/'), rule 'sastflow.shell-true': "
        f"properties.security-severity is {severity!r}; GitHub needs a numeric string from "
        '"0.0" to "10.0"'
    )
    with pytest.raises(UploadLimitError):
        require_uploadable(bad)


def test_extension_rules_are_checked_too() -> None:
    bad = log(run())
    bad["runs"][0]["tool"]["extensions"] = [{"name": "pack", "rules": [rule("x", help={})]}]
    assert check_upload_limits(bad) == [
        "run 1 (Semgrep, category 'sastflow/semgrep/'), rule 'x': help.text is missing; GitHub "
        "requires help text for every rule"
    ]
    assert check_upload_limits(fit_for_upload(bad)) == []


def test_merge_fixes_what_is_safe_and_says_so(tmp_path: Any, capsys: Any) -> None:
    import json

    first = log(run(rules=[rule(name="N" * 300)]))
    (tmp_path / "a.sarif").write_text(json.dumps(first | {"version": "2.1.0"}))
    out = tmp_path / "merged.sarif"
    code = main(["merge", str(tmp_path / "a.sarif"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == ExitCode.OK
    assert "fixed for upload: " in err
    assert "rule 'sastflow.shell-true': name is 300 characters" in err
    merged = json.loads(out.read_text())
    assert len(merged["runs"][0]["tool"]["driver"]["rules"][0]["name"]) <= 255
    assert check_upload_limits(merged) == []


def test_a_lone_surrogate_is_measured_not_a_crash() -> None:
    # Engines warn about files whose names are not UTF-8 with the name as decoded (surrogate
    # escapes); such a warning must not stop the upload check.
    warned = run()
    warned["invocations"] = [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [{"message": {"text": "cannot read app/caf\udce9.py"}}],
        }
    ]
    plain = copy.deepcopy(warned)
    plain["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] = "x" * 20
    assert gzipped_size(log(warned)) >= gzipped_size(log(plain)) - 20
    assert require_uploadable(log(warned))["runs"][0]["invocations"] == warned["invocations"]


def test_fitting_copies_the_rules_it_repairs_and_shares_the_results() -> None:
    original = log(run(rules=[rule(name="n" * (MAX_RULE_NAME + 5))]))
    fitted = fit_for_upload(original)
    assert original["runs"][0]["tool"]["driver"]["rules"][0]["name"] == "n" * (MAX_RULE_NAME + 5)
    assert len(fitted["runs"][0]["tool"]["driver"]["rules"][0]["name"]) == MAX_RULE_NAME
    # Results are never changed, so they are not copied (20k of them cost 0.77 s).
    assert fitted["runs"][0]["results"] is original["runs"][0]["results"]
