"""sastflow.targets on a real repository: tracked files only, excludes, shards that split the
files between machines without overlap, and unscannable files listed with their reason."""

from __future__ import annotations

import os

import pytest

from sastflow import targets
from sastflow.errors import UsageError
from tests.conftest import GitRepo, RepoFactory


def _python(path: str) -> bool:
    return path.endswith(".py")


@pytest.fixture(scope="module")
def repo(git_repo_factory: RepoFactory) -> GitRepo:
    files: dict[str, str | bytes | None] = {f"app/m{i}.py": f"x = {i}\n" for i in range(40)}
    files |= {
        "app/blob.py": b"\x00\x01binary",
        "vendor/lib.py": "y = 1\n",
        "README.md": "# hi\n",
        "bin/tool": "#!/usr/bin/env python3\nprint('hi')\n",  # Python by its first line
    }
    made = git_repo_factory(files)
    os.symlink("m0.py", made.path / "app" / "link.py")
    made.commit({}, "a symlink")
    (made.path / "app" / "untracked.py").write_text("z = 1\n", encoding="utf-8")
    return made


def test_tracked_files_are_the_candidates_and_untracked_ones_are_named(repo: GitRepo) -> None:
    candidates = targets.candidate_files(repo.path)
    assert "app/m0.py" in candidates and "app/untracked.py" not in candidates
    assert targets.untracked(repo.path, _python) == ["app/untracked.py"]


def test_select_excludes_lists_the_unscannable_and_finds_python_by_content(
    repo: GitRepo,
) -> None:
    chosen = targets.select(
        repo.path, targets.candidate_files(repo.path), supported=_python, exclude=["vendor/"]
    )
    assert "vendor/lib.py" not in chosen.paths and "README.md" not in chosen.paths
    reasons = {s.path: s.reason for s in chosen.skipped}
    assert reasons == {"app/blob.py": "binary", "app/link.py": "symlink (not followed)"}
    assert [v.path for v in chosen.views] == ["bin/tool"]
    assert "bin/tool" in chosen.paths and "app/m39.py" in chosen.files


def test_shards_split_the_files_without_overlap_or_loss(repo: GitRepo) -> None:
    every = targets.candidate_files(repo.path)
    whole = set(targets.select(repo.path, every, supported=_python).paths)
    parts = [
        set(targets.select(repo.path, every, supported=_python, shard=(k, 3)).paths)
        for k in (1, 2, 3)
    ]
    assert set().union(*parts) == whole
    assert sum(len(p) for p in parts) == len(whole)
    assert all(parts)  # 40-odd files: every shard has some


@pytest.mark.parametrize(
    ("text", "message"),
    [("2", "expected K/N"), ("0/3", "K must be between 1 and N"), ("4/3", "between 1 and N")],
)
def test_a_bad_shard_is_a_usage_error(text: str, message: str) -> None:
    assert targets.parse_shard("2/3") == (2, 3)
    with pytest.raises(UsageError, match=message):
        targets.parse_shard(text)
