"""Shared fixtures: real git repositories in temp dirs, SARIF schema validation, the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sastflow.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# The official SARIF 2.1.0 schema: ../shared's copy when the checkout sits beside it, else the
# same file kept in tests/data so a clone anywhere can validate.
SCHEMA_PATH = next(
    p
    for p in (
        SHARED / "schemas" / "sarif-schema-2.1.0.json",
        Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json",
    )
    if p.is_file()
)
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass
class GitRepo:
    """A real git repository; ``commit`` writes files (None deletes) and returns the new SHA."""

    path: Path

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**os.environ, **_GIT_ENV},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def write(self, files: Mapping[str, str | bytes | None]) -> None:
        for rel, content in files.items():
            target = self.path / rel
            if content is None:
                if target.exists():
                    self.git("rm", "-q", "--", rel)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(self, files: Mapping[str, str | bytes | None], message: str = "change") -> str:
        self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def checkout(self, ref: str, *, new: bool = False) -> None:
        self.git("checkout", "-q", *(["-b"] if new else []), ref)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


RepoFactory = Callable[[Mapping[str, str | bytes | None]], GitRepo]


@pytest.fixture(scope="session")
def git_repo_factory(tmp_path_factory: pytest.TempPathFactory) -> RepoFactory:
    """Make a repository on branch ``main`` with one commit holding ``files``."""

    def make(files: Mapping[str, str | bytes | None]) -> GitRepo:
        path = tmp_path_factory.mktemp("repo")
        repo = GitRepo(path)
        repo.git("init", "-q", "-b", "main")
        repo.commit(files, "initial")
        return repo

    return make


def copy_tree(folder: Path) -> dict[str, str | bytes | None]:
    """A fixture folder as a ``files`` mapping for ``git_repo_factory``."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def assert_valid_sarif(log: Mapping[str, Any]) -> None:
    """Validate against the official SARIF 2.1.0 JSON schema in ../shared/schemas."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)


@pytest.fixture(scope="session", autouse=True)
def result_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes sastflow's result cache outside its temp folders: the default location
    ($XDG_CACHE_HOME/sastflow) and SASTFLOW_CACHE_DIR point into one for the whole session
    (run_cli and the per-test cleanup drop SASTFLOW_* variables; XDG_CACHE_HOME stays)."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    saved = {key: os.environ.get(key) for key in ("XDG_CACHE_HOME", "SASTFLOW_CACHE_DIR")}
    os.environ["XDG_CACHE_HOME"] = str(folder)
    os.environ["SASTFLOW_CACHE_DIR"] = str(folder / "sastflow")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def clean_actions_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests must not inherit a real runner's GITHUB_* variables; each test gets its own
    result cache folder."""
    for key in list(os.environ):
        if key.startswith(("GITHUB_", "INPUT_", "RUNNER_")) or key.startswith("SASTFLOW_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SASTFLOW_CACHE_DIR", str(tmp_path_factory.mktemp("result-cache")))


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    """``sastflow ARGS`` in-process, from ``cwd``, with its output captured and only ``env`` of
    the Actions variables."""
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.chdir(cwd)
        # Module-scoped stories run before the per-test environment cleanup: do it here too,
        # so a real runner's GITHUB_* files and settings never leak in.
        for key in list(os.environ):
            if key.startswith(("GITHUB_", "INPUT_", "RUNNER_", "SASTFLOW_")):
                patch.delenv(key)
        for key, value in (env or {}).items():
            patch.setenv(key, value)
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())
