"""The action's ``category`` input: sastflow's runs re-identified for code scanning as
``<category>/<engine>/`` (upload-sarif's own category never overrides an existing id)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sastflow.errors import UsageError
from sastflow.sarif.category import categorise, main


def log() -> dict[str, object]:
    def run(engine: str, name: str) -> dict[str, object]:
        return {
            "tool": {"driver": {"name": name, "properties": {"sastflow-engine": engine}}},
            "automationDetails": {"id": f"sastflow/{engine}/", "guid": "kept"},
            "results": [],
        }

    other = {"tool": {"driver": {"name": "CodeQL"}}, "results": []}
    return {"version": "2.1.0", "runs": [run("semgrep", "Semgrep"), run("bandit", "Bandit"), other]}


def test_every_run_gets_the_category_and_keeps_one_identity_per_tool() -> None:
    done = categorise(log(), "backend/")
    details = [run["automationDetails"] for run in done["runs"]]  # type: ignore[index]
    assert details == [
        {"id": "backend/semgrep/", "guid": "kept"},
        {"id": "backend/bandit/", "guid": "kept"},
        {"id": "backend/codeql/"},
    ]


@pytest.mark.parametrize("bad", ["", "  ", "two\nlines", "x" * 201])
def test_a_category_that_is_not_one_short_line_is_refused(bad: str) -> None:
    with pytest.raises(UsageError, match="give a short name on one line"):
        categorise(log(), bad)


def test_the_command_rewrites_the_file_in_place_and_names_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sarif = tmp_path / "s.sarif"
    sarif.write_text(json.dumps(log()), encoding="utf-8")
    assert main([str(sarif), "nightly"]) == 0
    ids = [r["automationDetails"]["id"] for r in json.loads(sarif.read_text())["runs"]]
    assert ids == ["nightly/semgrep/", "nightly/bandit/", "nightly/codeql/"]

    sarif.write_text("{not json", encoding="utf-8")
    assert main([str(sarif), "nightly"]) == 2
    assert main([str(tmp_path / "missing.sarif"), "x"]) == 2
    assert main([str(sarif)]) == 2
    err = capsys.readouterr().err
    assert f"sastflow: error: {sarif}: cannot read the SARIF log" in err
    assert "usage: python -m sastflow.sarif.category FILE CATEGORY" in err
