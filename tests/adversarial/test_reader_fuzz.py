"""Property: whatever bytes or JSON shapes a file holds, every reader ends in a user error (exit
2, or 3 for an engine or API), each line of it ``sastflow: error: ...``, never a traceback, an
internal error (4) or exit 1 (findings).

Data-driven: :data:`READERS` names each reader, how one input reaches it through the CLI, and
how many ``sastflow: error:`` lines it may print (the ledger lists every problem it finds, one a
line; the others stop at the first). A reader added later (an engine's output parser) is one
more entry. Example counts stay modest: the machine is shared.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, run_cli

VULNERABLE = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
# Text that reaches deep into the TOML and YAML parsers, not just their first byte.
TOML_ISH = st.text(alphabet="[]{}=\"'.,\n #-+_:0129aeflnstru\\", max_size=300)
YAML_ISH = st.text(alphabet="[]{}:-&*!|>'\"#\n ,?%@`\t0129abefilnrstuvy\\", max_size=300)
CONFIG_KEYS = [
    "fail_on",
    "engines",
    "rules",
    "use_default_rules",
    "exclude",
    "timeout",
    "max_expiry_days",
    "security_owners",
    "honor_inline_suppressions",
    "max_inline_comments",
    "ledger",
]


@dataclass(frozen=True)
class Reader:
    name: str
    feed: Callable[[Path, bytes], Run]  # write the input under a fresh folder, run the CLI
    one_line: bool = True


def _config(folder: Path, data: bytes) -> Run:
    (folder / ".sastflow.toml").write_bytes(data)
    return run_cli(folder, "triage", "list")


def _pyproject(folder: Path, data: bytes) -> Run:
    (folder / "pyproject.toml").write_bytes(b"[project]\nname = 'x'\n[tool.sastflow]\n" + data)
    return run_cli(folder, "triage", "list")


def _ledger(folder: Path, data: bytes) -> Run:
    (folder / "ledger.yml").write_bytes(data)
    return run_cli(folder, "triage", "list", "--ledger", "ledger.yml")


def _report(folder: Path, data: bytes) -> Run:
    (folder / "in.sarif").write_bytes(data)
    return run_cli(folder, "report", "in.sarif", "--markdown", "out.md", "--html", "out.html")


def _merge(folder: Path, data: bytes) -> Run:
    (folder / "in.sarif").write_bytes(data)
    return run_cli(folder, "merge", "in.sarif", "in.sarif", "-o", "out.sarif")


READERS = (
    Reader("config", _config),
    Reader("pyproject", _pyproject),
    Reader("ledger", _ledger, one_line=False),
    Reader("report", _report),
    Reader("merge", _merge),
)
BY_NAME = {reader.name: reader for reader in READERS}


@pytest.fixture
def folder() -> Iterator[Callable[[], Path]]:
    """A fresh empty folder per example (hypothesis reuses the test's fixtures)."""
    made: list[Path] = []

    def make() -> Path:
        made.append(Path(tempfile.mkdtemp(prefix="sastflow-fuzz-")))
        return made[-1]

    yield make
    for path in made:
        shutil.rmtree(path, ignore_errors=True)


def assert_user_error(reader: Reader, run: Run) -> None:
    assert "Traceback" not in run.err, run.err
    assert run.code in (0, 2, 3), (reader.name, run.code, run.err)
    if run.code == 0:
        return
    lines = run.err.strip().splitlines()
    assert lines, (reader.name, "no message")
    assert all(line.startswith("sastflow: error: ") for line in lines), run.err
    if reader.one_line:
        assert len(lines) == 1, run.err


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("name", list(BY_NAME))
@FUZZ
@given(data=st.binary(max_size=1500))
def test_random_bytes(name: str, data: bytes, folder: Callable[[], Path]) -> None:
    reader = BY_NAME[name]
    assert_user_error(reader, reader.feed(folder(), data))


@pytest.mark.parametrize("name", list(BY_NAME))
@FUZZ
@given(value=JSON)
def test_random_json(name: str, value: Any, folder: Callable[[], Path]) -> None:
    reader = BY_NAME[name]
    data = json.dumps(value, allow_nan=True).encode()
    assert_user_error(reader, reader.feed(folder(), data))


@pytest.mark.parametrize("name", ["config", "pyproject"])
@FUZZ
@given(text=TOML_ISH)
def test_toml_like_text(name: str, text: str, folder: Callable[[], Path]) -> None:
    reader = BY_NAME[name]
    assert_user_error(reader, reader.feed(folder(), text.encode()))


@FUZZ
@given(key=st.sampled_from(CONFIG_KEYS), value=JSON)
def test_every_config_key_with_any_value(key: str, value: Any, folder: Callable[[], Path]) -> None:
    # JSON is TOML-compatible for scalars and arrays; tables become inline tables.
    text = f"{key} = {_toml(value)}\n"
    assert_user_error(BY_NAME["config"], _config(folder(), text.encode()))


def _toml(value: Any) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value).replace("inf", "inf").replace("nan", "nan")
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


@FUZZ
@given(text=YAML_ISH)
def test_yaml_like_ledgers(text: str, folder: Callable[[], Path]) -> None:
    assert_user_error(BY_NAME["ledger"], _ledger(folder(), ("version: 1\n" + text).encode()))


# --- engine output: what a (fake) engine binary prints is read like the real one's ----------
#
# An engine's JSON of an unexpected shape (``"results": 5``, a result without ``filename``) is
# an engine failure: exit 3, the other engine's results kept (issue 14).
ENGINE_OUTPUTS = {
    "bandit": st.fixed_dictionaries(
        {
            "results": st.lists(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "filename",
                            "test_id",
                            "line_number",
                            "issue_severity",
                            "col_offset",
                            "line_range",
                            "issue_text",
                        ]
                    ),
                    JSON,
                    max_size=6,
                ),
                max_size=3,
            )
            | JSON,
            "errors": JSON,
        }
    ),
    "semgrep": st.fixed_dictionaries(
        {
            "results": st.lists(
                st.dictionaries(
                    st.sampled_from(["check_id", "path", "start", "end", "extra"]), JSON, max_size=5
                ),
                max_size=3,
            )
            | JSON,
            "errors": st.just([]) | JSON,
            "version": st.just("1.0.0"),
        }
    ),
}


@pytest.fixture(scope="module")
def engine_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import GitRepo

    root = tmp_path_factory.mktemp("engine-fuzz")
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app.py": VULNERABLE}, "initial")
    return root


def _engine_output(engine: str, root: Path, output: bytes, folder: Path) -> Run:
    (folder / "output.json").write_bytes(output)
    script = folder / engine
    script.write_text(f"#!/bin/sh\ncat '{folder / 'output.json'}'\n", encoding="utf-8")
    script.chmod(0o755)
    return run_cli(
        root, "scan", ".", "-q", "--engine", engine, env={f"SASTFLOW_{engine.upper()}": str(script)}
    )


ENGINE_FUZZ = settings(
    max_examples=8,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: a scan per try is costly
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


ENGINE_CASES = st.sampled_from(sorted(ENGINE_OUTPUTS)).flatmap(
    lambda engine: st.tuples(st.just(engine), ENGINE_OUTPUTS[engine])
)


@ENGINE_FUZZ
@given(case=ENGINE_CASES)
# The shapes the review found, tried first every time (so the test never depends on luck).
@example(case=("bandit", {"results": [{"test_id": "B602"}], "errors": []}))
@example(case=("semgrep", {"results": 5, "errors": [], "version": "1.0.0"}))
def test_engine_output_of_any_shape_is_an_engine_failure(
    case: tuple[str, Any], engine_repo: Path, folder: Callable[[], Path]
) -> None:
    engine, value = case
    run = _engine_output(engine, engine_repo, json.dumps(value, allow_nan=True).encode(), folder())
    assert "Traceback" not in run.err, run.err
    assert run.code in (0, 1, 3), (engine, run.code, run.err)
    lines = [line for line in run.err.strip().splitlines() if line]
    assert all(line.startswith("sastflow: error: ") for line in lines), run.err


@pytest.fixture(scope="module")
def good_sarif(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One real scan's log (Bandit alone), the base of every shape mutation."""
    from tests.conftest import GitRepo

    root = tmp_path_factory.mktemp("fuzz-repo")
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    repo.commit({"app.py": VULNERABLE, ".sastflow.toml": 'engines = ["bandit"]\n'}, "initial")
    run = run_cli(root, "scan", ".", "-q", "--sarif", "scan.sarif")
    assert run.code == 1, run.err
    log: dict[str, Any] = json.loads((root / "scan.sarif").read_text(encoding="utf-8"))
    return log


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@pytest.mark.parametrize("name", ["report", "merge"])
@FUZZ
@given(choice=st.integers(min_value=0), value=JSON)
def test_sarif_with_one_value_replaced_by_any_shape(
    name: str,
    choice: int,
    value: Any,
    good_sarif: dict[str, Any],
    folder: Callable[[], Path],
) -> None:
    log = copy.deepcopy(good_sarif)
    paths = [p for p in _paths(log) if p]
    where = paths[choice % len(paths)]
    node: Any = log
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    reader = BY_NAME[name]
    assert_user_error(reader, reader.feed(folder(), json.dumps(log, allow_nan=True).encode()))
