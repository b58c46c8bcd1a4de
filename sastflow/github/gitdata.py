"""Read a file at a commit and commit one file onto a branch, through the API alone.

``sastflow comment-command`` never checks out the pull request: the base's config and
CODEOWNERS and the head's ledger are read as data through the contents API, and the edited
ledger is committed with the Git Data API (blob → tree on the head's tree → commit whose parent
is the head → fast-forward of the branch ref). The ref update is never forced: had someone
pushed in between, GitHub refuses it (422) and nothing is lost.
"""

from __future__ import annotations

import base64
import binascii
import urllib.parse
from dataclasses import dataclass
from typing import Any

from sastflow.github.client import ApiError, GitHubClient

MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NewCommit:
    sha: str
    html_url: str


def _b64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise ApiError(f"GitHub API: {what}: no content in the answer")
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        raise ApiError(f"GitHub API: {what}: content is not base64") from None


def read_file(client: GitHubClient, path: str, ref: str) -> bytes | None:
    """``path`` as commit ``ref`` has it; None when it does not exist there."""
    what = f"read {path} at {ref[:12]}"
    quoted = urllib.parse.quote(path)
    try:
        data = client.repo_call("GET", f"/contents/{quoted}?ref={urllib.parse.quote(ref)}", what)
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise
    if not isinstance(data, dict) or data.get("type") not in ("file", "symlink"):
        return None  # a directory or a submodule is not the file we want
    if data.get("type") == "symlink":
        raise ApiError(f"GitHub API: {what}: it is a symbolic link, not a regular file")
    if int(data.get("size") or 0) > MAX_FILE_BYTES:
        raise ApiError(f"GitHub API: {what}: {data.get('size')} bytes is too large")
    if data.get("encoding") == "base64":
        return _b64(data.get("content"), what)
    # Over 1 MB the contents API sends no content: fetch the blob.
    blob = client.repo_call("GET", f"/git/blobs/{data.get('sha')}", what)
    return _b64(blob.get("content") if isinstance(blob, dict) else None, what)


def commit_file(
    client: GitHubClient,
    *,
    branch: str,
    parent: str,
    path: str,
    content: bytes,
    message: str,
) -> NewCommit:
    """Commit ``content`` at ``path`` on top of ``parent`` and move ``branch`` there."""
    blob = client.repo_call(
        "POST",
        "/git/blobs",
        f"create a blob for {path}",
        {"content": base64.b64encode(content).decode("ascii"), "encoding": "base64"},
    )
    head = client.repo_call("GET", f"/git/commits/{parent}", f"read commit {parent[:12]}")
    try:
        base_tree = str(head["tree"]["sha"])
        blob_sha = str(blob["sha"])
    except (KeyError, TypeError):
        raise ApiError("GitHub API: Git Data: unexpected answer (no tree or blob sha)") from None
    tree = client.repo_call(
        "POST",
        "/git/trees",
        f"create a tree with {path}",
        {
            "base_tree": base_tree,
            "tree": [{"path": path, "mode": "100644", "type": "blob", "sha": blob_sha}],
        },
    )
    commit = client.repo_call(
        "POST",
        "/git/commits",
        "create a commit",
        {"message": message, "tree": str(tree["sha"]), "parents": [parent]},
    )
    sha = str(commit["sha"])
    client.repo_call(
        "PATCH",
        f"/git/refs/heads/{urllib.parse.quote(branch)}",
        f"move {branch} to {sha[:12]}",
        {"sha": sha, "force": False},
    )
    return NewCommit(sha, str(commit.get("html_url") or ""))
