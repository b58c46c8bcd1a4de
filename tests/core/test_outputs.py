"""Output paths: ``-`` is stdout, a device or FIFO is written in place, a symlink is refused,
and nothing that is not a regular file is ever renamed over (through the real console script).

The real /dev/null is never written here: a FIFO, a symlink and (as root) a copy of the null
device made in the temp folder stand in for it.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.conftest import GitRepo, RepoFactory
from tests.core.console import sastflow

VULNERABLE = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"


@pytest.fixture(scope="module")
def repo(git_repo_factory: RepoFactory) -> GitRepo:
    return git_repo_factory({"app.py": VULNERABLE, ".sastflow.toml": 'engines = ["bandit"]\n'})


@pytest.fixture(scope="module")
def sarif_file(repo: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sarif") / "scan.sarif"
    done = sastflow(repo.path, "scan", ".", "-q", "--sarif", str(path))
    assert done.code == 1, done.err
    return path


def test_dash_is_stdout_and_the_summary_moves_to_stderr(repo: GitRepo) -> None:
    done = sastflow(repo.path, "scan", ".", "--sarif", "-")
    assert done.code == 1
    log = json.loads(done.out)  # stdout is the SARIF log and nothing else
    assert log["runs"][0]["results"][0]["ruleId"] == "bandit.B602"
    assert not (repo.path / "-").exists()
    assert "B602" in done.err  # the terminal summary, out of the way


def test_report_and_merge_write_dash_to_stdout(sarif_file: Path, tmp_path: Path) -> None:
    done = sastflow(tmp_path, "report", str(sarif_file), "--markdown", "-")
    assert done.code == 0 and "B602" in done.out
    merged = sastflow(tmp_path, "merge", str(sarif_file), "-o", "-")
    assert merged.code == 0
    assert json.loads(merged.out)["version"] == "2.1.0"
    assert not (tmp_path / "-").exists()


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_a_fifo_is_written_in_place_not_replaced(repo: GitRepo, tmp_path: Path) -> None:
    fifo = tmp_path / "sarif.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    done = sastflow(repo.path, "scan", ".", "-q", "--sarif", str(fifo))
    reader.join(timeout=60)
    assert done.code == 1, done.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was renamed over"
    assert json.loads(received[0])["runs"][0]["results"]
    assert [p.name for p in tmp_path.iterdir()] == ["sarif.fifo"]  # no temporary left


def test_merge_output_to_a_fifo_is_written_in_place(sarif_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "merged.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    done = sastflow(tmp_path, "merge", str(sarif_file), "-o", str(fifo))
    reader.join(timeout=60)
    assert done.code == 0, done.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["runs"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_character_device_stays_a_device(repo: GitRepo, tmp_path: Path) -> None:
    # What `--sarif /dev/null` did as root: the atomic rename replaced the device node.
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    done = sastflow(repo.path, "scan", ".", "-q", "--sarif", str(null), "--markdown", str(null))
    assert done.code == 1, done.err
    mode = null.lstat().st_mode
    assert stat.S_ISCHR(mode) and os.major(null.lstat().st_rdev) == 1
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)  # read-only check of the real one


def test_a_symlink_target_is_refused_and_left_alone(repo: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "out.sarif"
    link.symlink_to(target)
    done = sastflow(repo.path, "scan", ".", "-q", "--sarif", str(link))
    assert done.code == 2
    assert done.one_error() == (
        f"sastflow: error: {link}: is a symbolic link; refusing to write through it "
        "(give the real path, or - for stdout)"
    )
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"


def test_a_directory_target_is_refused(sarif_file: Path, tmp_path: Path) -> None:
    done = sastflow(tmp_path, "report", str(sarif_file), "--html", str(tmp_path))
    assert done.code == 2
    assert done.one_error() == f"sastflow: error: {tmp_path}: is a directory; give a file name"


def test_dev_stdout_is_the_stream_not_the_link(repo: GitRepo) -> None:
    done = sastflow(repo.path, "scan", ".", "-q", "--markdown", "/dev/stdout")
    assert done.code == 1, done.err
    assert "B602" in done.out  # the Markdown report, on the process's own stdout


def test_github_output_through_a_symlink_is_refused(repo: GitRepo, tmp_path: Path) -> None:
    real = tmp_path / "real-output"
    real.write_text("", encoding="utf-8")
    link = tmp_path / "output"
    link.symlink_to(real)
    done = sastflow(repo.path, "scan", ".", "-q", env={"GITHUB_OUTPUT": str(link)})
    assert done.code == 2
    assert "is a symbolic link" in done.one_error()
    assert real.read_text(encoding="utf-8") == ""


def test_a_regular_file_is_still_replaced_whole(repo: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "out.sarif"
    out.write_text("old", encoding="utf-8")
    done = sastflow(repo.path, "scan", ".", "-q", "--sarif", str(out))
    assert done.code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.sarif"]
