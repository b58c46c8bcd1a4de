"""Python is found by content, not by suffix, and a file an engine cannot parse is never a
silent pass: the bypasses of the robustness review, through the real console entry point.

One repository, scanned a few ways (each scan costs seconds of engine start-up):

- the ``modern`` branch adds only a Python 3.12 file whose one weakness Bandit alone reports;
  Bandit (on the 3.11 these tests run on) cannot parse it, so the PR must block on it;
- the ``feature`` branch adds an extension-less shebang script, ``evil.PY``, a notebook and a
  file spelling ``subprocess`` in fullwidth letters, each hiding a shell injection;
- a full scan of ``feature`` with an untracked file beside it, and of a non-git copy.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, RepoFactory, Run, run_cli

MODERN = """import hashlib

type Digest = str


def digest(data: bytes) -> Digest:
    return hashlib.md5(data).hexdigest()
"""

DEPLOY = "#!/usr/bin/env python3\nimport os\n\nos.system(input())\n"
EVIL = "import os\n\n\ndef run():\n    os.system(input())\n"
# Python reads the fullwidth letters as `subprocess` and `shell` (NFKC); Semgrep does not.
NFKC = (
    "import ｓｕｂｐｒｏｃｅｓｓ\n"
    "\n"
    "LABEL = 'ｓｕｂｐｒｏｃｅｓｓ stays as written in a string'\n"
    "\n"
    "\n"
    "def run(cmd):\n"
    "    ｓｕｂｐｒｏｃｅｓｓ.call(cmd, ｓｈｅｌｌ=True)\n"
)
NOTEBOOK_CELLS: list[dict[str, Any]] = [
    {"cell_type": "markdown", "metadata": {}, "source": ["# Ops notebook\n", "eval(x)\n"]},
    {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": ["!pip install requests\n", "import subprocess\n", "files = !ls\n"],
    },
    {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": [
            "%time 1 + 1\n",
            "def run(cmd):\n",
            "    subprocess.call(cmd, shell=True)\n",
        ],
    },
    {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": "%%bash\necho $HOME\n",
    },
]
NOTEBOOK = (
    json.dumps(
        {"cells": NOTEBOOK_CELLS, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1
    )
    + "\n"
)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@dataclass
class Scanned:
    run: Run
    sarif: dict[str, Any]
    markdown: str
    html: str

    def results(self) -> list[tuple[str, str, str, int]]:
        """(engine, rule id, path, line) of every SARIF result."""
        out = []
        for sarif_run in self.sarif["runs"]:
            engine = sarif_run["tool"]["driver"]["properties"]["sastflow-engine"]
            for result in sarif_run["results"]:
                where = result["locations"][0]["physicalLocation"]
                out.append(
                    (
                        engine,
                        result["ruleId"],
                        where["artifactLocation"]["uri"],
                        where["region"]["startLine"],
                    )
                )
        return out

    def paths(self, engine: str) -> set[str]:
        return {path for e, _rule, path, _line in self.results() if e == engine}


def _scan(root: Path, out: Path, *args: str) -> Scanned:
    out.mkdir(parents=True, exist_ok=True)
    run = run_cli(root, "scan", ".", "--out-dir", str(out), *args)
    return Scanned(
        run,
        json.loads((out / "sastflow.sarif").read_text(encoding="utf-8")),
        (out / "report.md").read_text(encoding="utf-8"),
        (out / "report.html").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="session")
def content_repo(git_repo_factory: RepoFactory) -> GitRepo:
    repo = git_repo_factory({"app/__init__.py": "", "README.md": "demo\n"})
    repo.checkout("modern", new=True)
    repo.commit({"app/modern.py": MODERN}, "3.12 syntax")
    repo.checkout("main")
    repo.checkout("feature", new=True)
    repo.commit(
        {
            "bin/deploy": DEPLOY,
            "evil.PY": EVIL,
            "notebooks/ops.ipynb": NOTEBOOK,
            "app/wide.py": NFKC,
        },
        "python by other names",
    )
    # No executable bit: `python bin/deploy` runs it all the same.
    return repo


@pytest.fixture(scope="session")
def scans(content_repo: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scanned]:
    out = tmp_path_factory.mktemp("content-scans")
    repo = content_repo
    result: dict[str, Scanned] = {}
    repo.checkout("modern")
    result["modern"] = _scan(repo.path, out / "modern", "--base", "main")
    repo.checkout("feature")
    result["feature"] = _scan(repo.path, out / "feature", "--base", "main")
    (repo.path / "stray.py").write_text("import os\nos.system(input())\n", encoding="utf-8")
    try:
        result["full"] = _scan(repo.path, out / "full")
        copy = out / "copy"
        shutil.copytree(repo.path, copy, ignore=shutil.ignore_patterns(".git"))
        result["copy"] = _scan(copy, out / "copy-out")
    finally:
        (repo.path / "stray.py").unlink()
    return result


# --- a file Bandit cannot parse --------------------------------------------------------------


def test_a_pr_file_bandit_cannot_parse_blocks_the_gate(scans: dict[str, Scanned]) -> None:
    modern = scans["modern"]
    assert modern.run.code == 1, modern.run.err
    # Semgrep parses 3.12 syntax; Bandit's md5 check (B324) is what never ran on it.
    assert ("sastflow", "sastflow.unscannable-file", "app/modern.py", 1) in modern.results()
    assert "bandit" not in {r[1].split(".")[0] for r in modern.results()}
    unscannable = next(
        r
        for run in modern.sarif["runs"]
        for r in run["results"]
        if r["ruleId"] == "sastflow.unscannable-file"
    )
    assert "bandit could not parse it" in unscannable["message"]["text"]
    assert unscannable["level"] == "error"


def test_every_report_header_counts_the_files_an_engine_could_not_parse(
    scans: dict[str, Scanned],
) -> None:
    modern = scans["modern"]
    header = "1 file could not be parsed by bandit"
    # Markdown (also the step summary) and HTML: before the findings, beside the scope line.
    assert header in modern.markdown.split("| Severity |")[0]
    assert header in modern.html.split("<main>")[0]
    assert header in modern.run.out  # the terminal summary
    assert "bandit could not parse app/modern.py" in modern.markdown
    # No engine failed to parse anything on the feature branch: no such header.
    assert "could not be parsed" not in scans["feature"].markdown


# --- Python by other names --------------------------------------------------------------------


def test_shebang_script_any_case_suffix_and_fullwidth_names_are_scanned(
    scans: dict[str, Scanned],
) -> None:
    found = scans["feature"].results()
    # `os.system(input())` is Bandit's high B605; the medium rule beside it confirms the flow
    # but never lowers Bandit's severity, so the PR's bypass attempt still blocks.
    assert scans["feature"].run.code == 1
    assert ("bandit", "bandit.B605", "bin/deploy", 4) in found
    assert ("bandit", "bandit.B605", "evil.PY", 5) in found
    semgrep = {(rule, path, line) for engine, rule, path, line in found if engine == "semgrep"}
    assert ("sastflow.shell-function-nonliteral", "bin/deploy", 4) in semgrep
    assert ("sastflow.shell-function-nonliteral", "evil.PY", 5) in semgrep
    # Semgrep matches characters: only the NFKC view lets its rule see `subprocess.call`.
    assert ("sastflow.subprocess-shell-nonliteral", "app/wide.py", 7) in semgrep
    assert ("bandit", "bandit.B602", "app/wide.py", 7) in found
    # Every result names a file of the repository, never a view's file.
    every_path = {path for _e, _r, path, _l in found}
    assert every_path == {"bin/deploy", "evil.PY", "app/wide.py", "notebooks/ops.ipynb"}


def test_notebook_findings_point_at_the_cell_line_in_the_notebook(
    scans: dict[str, Scanned],
) -> None:
    line = _line_of(NOTEBOOK, "subprocess.call(cmd, shell=True)")
    found = scans["feature"].results()
    assert ("bandit", "bandit.B602", "notebooks/ops.ipynb", line) in found
    assert ("semgrep", "sastflow.subprocess-shell-nonliteral", "notebooks/ops.ipynb", line) in (
        found
    )
    # Markdown cells are not code, magics and the %%bash cell are not Python: no result on
    # them, and the extracted code parsed (no unparsable-file finding, no header count).
    on_notebook = [r for r in found if r[2] == "notebooks/ops.ipynb"]
    assert {r[3] for r in on_notebook} == {line}
    assert not [r for r in found if r[1] == "sastflow.unscannable-file"]
    # The snippet is the cell's code, not the JSON string holding it.
    snippets = [
        r["locations"][0]["physicalLocation"]["region"].get("snippet", {}).get("text", "")
        for run in scans["feature"].sarif["runs"]
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("ipynb")
    ]
    assert snippets and all(s.strip() == "subprocess.call(cmd, shell=True)" for s in snippets)


def test_pr_scan_counts_files_by_their_repository_names(scans: dict[str, Scanned]) -> None:
    assert "Diff-aware scan of 4 changed files" in scans["feature"].markdown
    assert "ops.ipynb.py" not in json.dumps(scans["feature"].sarif)


# --- untracked files ---------------------------------------------------------------------------


def test_full_scan_of_a_work_tree_names_untracked_files(scans: dict[str, Scanned]) -> None:
    full = scans["full"]
    assert "stray.py" not in full.paths("bandit")
    assert "1 untracked file not scanned (stray.py)" in full.markdown
    assert "git add" in full.markdown
    # The same shebang, case and notebook targets as in PR mode.
    assert {"bin/deploy", "evil.PY", "notebooks/ops.ipynb", "app/wide.py"} <= full.paths("bandit")


def test_a_copy_outside_git_scans_every_file(scans: dict[str, Scanned]) -> None:
    copy = scans["copy"]
    assert "stray.py" in copy.paths("bandit")
    assert "untracked" not in copy.markdown
