"""sastflow.gitio on a real temporary repository: what a PR changes, files at a revision, and
refs that could be read as options refused before git sees them."""

from __future__ import annotations

import pytest

from sastflow import gitio
from sastflow.errors import GitError
from tests.conftest import GitRepo, RepoFactory

BODY = "".join(f"line {i}\n" for i in range(40))  # long enough for git to see a rename


@pytest.fixture(scope="module")
def pr(git_repo_factory: RepoFactory) -> tuple[GitRepo, str, str]:
    """A base commit and a branch that renames, edits, adds and deletes files."""
    repo = git_repo_factory(
        {"app/old.py": BODY, "app/keep.py": "x = 1\n", "app/gone.py": "y = 2\n"}
    )
    base = repo.head()
    repo.checkout("feature", new=True)
    head = repo.commit(
        {
            "app/old.py": None,
            "app/new name.py": BODY + "extra = 3\n",
            "app/keep.py": "x = 2\n",
            "app/gone.py": None,
            "lib/added.py": "z = 4\n",
        }
    )
    return repo, base, head


def test_changed_files_follow_renames_and_name_every_kind(pr: tuple[GitRepo, str, str]) -> None:
    repo, base, head = pr
    changes = {c.path: c for c in gitio.changed_files(repo.path, base, head)}
    assert set(changes) == {"app/new name.py", "app/keep.py", "app/gone.py", "lib/added.py"}
    renamed = changes["app/new name.py"]
    assert (renamed.status, renamed.old_path) == ("R", "app/old.py")
    assert changes["app/keep.py"].status == "M"
    assert changes["app/gone.py"].status == "D"
    assert changes["lib/added.py"].status == "A"


def test_show_reads_a_file_as_the_revision_has_it(pr: tuple[GitRepo, str, str]) -> None:
    repo, base, head = pr
    assert gitio.show(repo.path, base, "app/keep.py") == b"x = 1\n"
    assert gitio.show(repo.path, head, "app/keep.py") == b"x = 2\n"
    assert gitio.show(repo.path, head, "app/old.py") is None  # renamed away
    assert gitio.show(repo.path, base, "lib/added.py") is None  # not there yet


def test_merge_base_and_rev_parse(pr: tuple[GitRepo, str, str]) -> None:
    repo, base, head = pr
    assert gitio.merge_base(repo.path, "main", head) == base
    assert gitio.rev_parse(repo.path, "feature") == head
    assert gitio.rev_parse(repo.path, "no-such-branch") is None
    assert gitio.ls_tree(repo.path, head, "lib") == ["lib/added.py"]


@pytest.mark.parametrize("ref", ["--upload-pack=touch pwned", "-h", "", "main\nHEAD"])
def test_a_ref_that_could_be_an_option_is_refused(pr: tuple[GitRepo, str, str], ref: str) -> None:
    repo, base, _head = pr
    with pytest.raises(GitError, match="is not a valid git revision"):
        gitio.rev_parse(repo.path, ref)
    with pytest.raises(GitError, match="is not a valid git revision"):
        gitio.changed_files(repo.path, base, ref)
    with pytest.raises(GitError, match="is not a valid git revision"):
        gitio.show(repo.path, ref, "app/keep.py")
    assert not (repo.path / "pwned").exists()
