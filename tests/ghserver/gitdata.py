"""The contents API (GET) and the Git Data API (blobs, trees, commits, refs), backed by a real
git repository attached to the server's repository (``GitHubServer.attach_git``).

Every object is written with real ``git`` into that repository, so what a client builds through
the API can be checked with git itself (``git show feature:triage/ledger.yml``). Updating a
branch ref moves the head of every open same-repository pull request on that branch, with its
files recomputed, as a push does on GitHub; a non-fast-forward update without ``force`` is
refused with 422, as GitHub refuses it. Attach a bare repository, or one whose checked-out
branch the tests never update through the API (git refuses to care, the work tree would not).
"""

from __future__ import annotations

import base64
import os
import subprocess
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

from .api import Call, R, Reply, route
from .errors import ApiError, not_found, unprocessable
from .gitfiles import pull_files
from .render import WEB, Renderer
from .state import State

_GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}
# GitHub answers a file over 1 MB with an empty content and encoding "none" (fetch the blob).
CONTENTS_INLINE_MAX = 1024 * 1024
_MODES = ("100644", "100755", "040000", "160000", "120000")


def _git(
    root: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **_GIT_ENV, **(env or {})},
        check=False,
    )


def _out(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stdout.decode("utf-8", "replace").strip()


def _root(state: State, call: Call) -> Path:
    state.repo(call.repo)  # 404 for an unknown repository
    root = state.git_dirs.get(call.repo.lower())
    if root is None:
        raise ApiError(409, "Git Repository is empty.")
    return root


def _object_type(root: Path, sha: str) -> str | None:
    done = _git(root, "cat-file", "-t", sha)
    return _out(done) if done.returncode == 0 else None


def _resolve_commit(root: Path, ref: str) -> str | None:
    if ref.startswith("-"):
        return None
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    return _out(done) if done.returncode == 0 else None


def _b64(data: bytes) -> str:
    # GitHub wraps the base64 text at 60 characters a line.
    text = base64.b64encode(data).decode("ascii")
    return "".join(text[i : i + 60] + "\n" for i in range(0, len(text), 60))


def _decode_content(body: dict[str, Any]) -> bytes:
    content = body.get("content")
    if not isinstance(content, str):
        raise unprocessable(message='Invalid request.\n\n"content" wasn\'t supplied.')
    encoding = body.get("encoding", "utf-8")
    if encoding == "base64":
        try:
            return base64.b64decode(content, validate=False)
        except ValueError:
            raise unprocessable(message="Invalid request.\n\ncontent is not base64") from None
    if encoding != "utf-8":
        raise unprocessable(message=f"Invalid request.\n\nencoding {encoding!r} is not supported")
    return content.encode("utf-8")


# --- contents ------------------------------------------------------------------------------


@route("GET", R + "/contents/{path}")
def get_contents(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    ref = call.query.get("ref") or state.repo(call.repo).default_branch
    commit = _resolve_commit(root, ref)
    if commit is None:
        raise ApiError(404, f"No commit found for the ref {ref}")
    path = call.params["path"].strip("/")
    listing = _git(root, "ls-tree", "-l", "--end-of-options", commit, "--", path)
    line = _out(listing)
    if listing.returncode != 0 or not line or "\n" in line:
        raise not_found()
    meta, _, name = line.partition("\t")
    mode, kind, sha, size = meta.split()
    if name != path or kind != "blob":
        raise not_found()  # directories and submodules are not needed here
    data = _git(root, "cat-file", "blob", sha).stdout
    quoted = urllib.parse.quote(path)
    inline = len(data) <= CONTENTS_INLINE_MAX
    return Reply(
        200,
        {
            "type": "symlink" if mode == "120000" else "file",
            "encoding": "base64" if inline else "none",
            "size": int(size),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "content": _b64(data) if inline else "",
            "sha": sha,
            "url": f"{render.api}/repos/{call.repo}/contents/{quoted}?ref={ref}",
            "git_url": f"{render.api}/repos/{call.repo}/git/blobs/{sha}",
            "html_url": f"{WEB}/{call.repo}/blob/{ref}/{quoted}",
            "download_url": f"https://raw.githubusercontent.com/{call.repo}/{ref}/{quoted}",
        },
    )


# --- blobs ---------------------------------------------------------------------------------


@route("POST", R + "/git/blobs")
def create_blob(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    data = _decode_content(call.body if isinstance(call.body, dict) else {})
    sha = _out(_git(root, "hash-object", "-w", "--stdin", stdin=data))
    return Reply(201, {"sha": sha, "url": f"{render.api}/repos/{call.repo}/git/blobs/{sha}"})


@route("GET", R + "/git/blobs/{file_sha}")
def get_blob(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    sha = call.params["file_sha"]
    if _object_type(root, sha) != "blob":
        raise not_found()
    data = _git(root, "cat-file", "blob", sha).stdout
    return Reply(
        200,
        {
            "sha": sha,
            "size": len(data),
            "encoding": "base64",
            "content": _b64(data),
            "url": f"{render.api}/repos/{call.repo}/git/blobs/{sha}",
        },
    )


# --- trees ---------------------------------------------------------------------------------


def _tree_entries(root: Path, tree: str, render: Renderer, repo: str) -> list[dict[str, Any]]:
    out = []
    for line in _out(_git(root, "ls-tree", "-l", tree)).splitlines():
        meta, _, path = line.partition("\t")
        mode, kind, sha, size = meta.split()
        entry: dict[str, Any] = {"path": path, "mode": mode, "type": kind, "sha": sha}
        if kind == "blob":
            entry["size"] = int(size)
        entry["url"] = f"{render.api}/repos/{repo}/git/{kind}s/{sha}"
        out.append(entry)
    return out


@route("POST", R + "/git/trees")
def create_tree(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    body = call.body if isinstance(call.body, dict) else {}
    base = body.get("base_tree")
    with tempfile.TemporaryDirectory(prefix="ghserver-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        if base:
            if _object_type(root, str(base)) != "tree":
                raise unprocessable(message="base_tree is not a valid tree oid")
            _git(root, "read-tree", str(base), env=env)
        for item in body.get("tree") or []:
            path, mode = item.get("path"), item.get("mode")
            if not isinstance(path, str) or not path or mode not in _MODES:
                raise unprocessable(message="Invalid tree info")
            if "content" in item:
                sha = _out(
                    _git(root, "hash-object", "-w", "--stdin", stdin=str(item["content"]).encode())
                )
            elif item.get("sha") is None:
                _git(root, "update-index", "--force-remove", "--", path, env=env)
                continue
            else:
                sha = str(item["sha"])
                if _object_type(root, sha) is None:
                    raise unprocessable(message=f"Invalid tree info: {sha} is not an object")
            done = _git(
                root, "update-index", "--add", "--cacheinfo", f"{mode},{sha},{path}", env=env
            )
            if done.returncode != 0:
                raise unprocessable(message="Invalid tree info")
        tree = _out(_git(root, "write-tree", env=env))
    return Reply(
        201,
        {
            "sha": tree,
            "url": f"{render.api}/repos/{call.repo}/git/trees/{tree}",
            "tree": _tree_entries(root, tree, render, call.repo),
            "truncated": False,
        },
    )


# --- commits -------------------------------------------------------------------------------


def _commit_json(root: Path, sha: str, render: Renderer, repo: str) -> dict[str, Any]:
    fmt = "%T%n%P%n%an%n%ae%n%aI%n%cn%n%ce%n%cI%n%B"
    fields = _git(root, "show", "-s", f"--format={fmt}", sha).stdout.decode("utf-8", "replace")
    tree, parents, an, ae, ad, cn, ce, cd, *message = fields.split("\n")
    return {
        "sha": sha,
        "node_id": f"C_{sha[:16]}",
        "url": f"{render.api}/repos/{repo}/git/commits/{sha}",
        "html_url": f"{WEB}/{repo}/commit/{sha}",
        "author": {"name": an, "email": ae, "date": ad},
        "committer": {"name": cn, "email": ce, "date": cd},
        "tree": {"sha": tree, "url": f"{render.api}/repos/{repo}/git/trees/{tree}"},
        "message": "\n".join(message).rstrip("\n"),
        "parents": [
            {
                "sha": p,
                "url": f"{render.api}/repos/{repo}/git/commits/{p}",
                "html_url": f"{WEB}/{repo}/commit/{p}",
            }
            for p in parents.split()
        ],
        "verification": {"verified": False, "reason": "unsigned", "signature": None},
    }


@route("GET", R + "/git/commits/{commit_sha}")
def get_git_commit(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    sha = call.params["commit_sha"]
    if _object_type(root, sha) != "commit":
        raise not_found()
    return Reply(200, _commit_json(root, sha, render, call.repo))


@route("POST", R + "/git/commits")
def create_git_commit(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    body = call.body if isinstance(call.body, dict) else {}
    tree, message = body.get("tree"), body.get("message")
    if not isinstance(tree, str) or _object_type(root, tree) != "tree":
        raise unprocessable(message="Tree SHA does not exist")
    if not isinstance(message, str):
        raise unprocessable(message='Invalid request.\n\n"message" wasn\'t supplied.')
    parents = body.get("parents") or []
    argv = ["commit-tree", tree]
    for parent in parents:
        if _object_type(root, str(parent)) != "commit":
            raise unprocessable(message="Parent SHA does not exist or is not a commit object")
        argv += ["-p", str(parent)]
    # The token's account is the author unless the body names one, as on GitHub.
    login = call.login
    default = {"name": login, "email": f"{login}@users.noreply.github.com"}
    author = {**default, **(body.get("author") or {})}
    committer = {**author, **(body.get("committer") or {})}
    env = {
        "GIT_AUTHOR_NAME": author["name"],
        "GIT_AUTHOR_EMAIL": author["email"],
        "GIT_COMMITTER_NAME": committer["name"],
        "GIT_COMMITTER_EMAIL": committer["email"],
    }
    done = _git(root, *argv, stdin=message.encode("utf-8"), env=env)
    if done.returncode != 0:
        raise unprocessable(message="Could not create the commit")
    return Reply(201, _commit_json(root, _out(done), render, call.repo))


# --- refs ----------------------------------------------------------------------------------


def _full(ref: str) -> str:
    return ref if ref.startswith("refs/") else f"refs/{ref}"


@route("GET", R + "/git/ref/{ref}")
def get_ref(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    ref = _full(call.params["ref"])
    done = _git(root, "rev-parse", "--verify", "--quiet", ref)
    if done.returncode != 0 or not ref.startswith(("refs/heads/", "refs/tags/")):
        raise not_found()
    sha = _out(done)
    return Reply(
        200,
        {
            "ref": ref,
            "url": f"{render.api}/repos/{call.repo}/git/{ref}",
            "object": {
                "sha": sha,
                "type": "commit",
                "url": f"{render.api}/repos/{call.repo}/git/commits/{sha}",
            },
        },
    )


@route("PATCH", R + "/git/refs/{ref}")
def update_ref(state: State, render: Renderer, call: Call) -> Reply:
    root = _root(state, call)
    ref = _full(call.params["ref"])
    body = call.body if isinstance(call.body, dict) else {}
    sha = str(body.get("sha") or "")
    current = _git(root, "rev-parse", "--verify", "--quiet", ref)
    if current.returncode != 0 or not ref.startswith("refs/heads/"):
        raise unprocessable(message="Reference does not exist")
    if _object_type(root, sha) != "commit":
        raise unprocessable(message="Object does not exist")
    old = _out(current)
    fast_forward = _git(root, "merge-base", "--is-ancestor", old, sha).returncode == 0
    if not fast_forward and not body.get("force"):
        raise unprocessable(message="Update is not a fast forward")
    _git(root, "update-ref", ref, sha, old)
    branch = ref.removeprefix("refs/heads/")
    state.add_commit(call.repo, sha, branch=branch)
    for pull in list(state.pulls.values()):
        same_repo = pull.repo.lower() == call.repo.lower() and not pull.fork
        if same_repo and pull.head_ref == branch and pull.state == "open":
            files = pull_files(root, pull.base_sha, sha)
            state.set_head(pull.repo, pull.number, sha, files, pusher=call.login)
    return Reply(
        200,
        {
            "ref": ref,
            "url": f"{render.api}/repos/{call.repo}/git/{ref}",
            "object": {
                "sha": sha,
                "type": "commit",
                "url": f"{render.api}/repos/{call.repo}/git/commits/{sha}",
            },
        },
    )
