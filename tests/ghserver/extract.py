"""Extract the data the test server needs from GitHub's published descriptions.

Run by hand, not by the tests; the output is committed (see EXTRACTED.md)::

    python tests/ghserver/extract.py --openapi PKG/generated/api.github.com.json \
        --webhooks PKG/api.github.com/index.json --out tests/ghserver

``--openapi`` is ``generated/api.github.com.json`` from npm ``@octokit/openapi``; ``--webhooks``
is ``api.github.com/index.json`` from npm ``@octokit/webhooks-examples``. Only the request-body
schemas of the endpoints the server implements are kept, with every ``$ref`` inlined and
OpenAPI 3.0's ``nullable`` turned into JSON Schema (``type: [T, "null"]``).
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

# (method, OpenAPI path) of every endpoint with a request body that the server implements.
ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
    ("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events"),
    ("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies"),
    ("PATCH", "/repos/{owner}/{repo}/pulls/comments/{comment_id}"),
    ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
    ("POST", "/repos/{owner}/{repo}/statuses/{sha}"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ("DELETE", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ("PATCH", "/repos/{owner}/{repo}/code-scanning/alerts/{alert_number}"),
    ("POST", "/repos/{owner}/{repo}/check-runs"),
    ("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}"),
    ("POST", "/repos/{owner}/{repo}/issues"),
    ("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}"),
    ("POST", "/repos/{owner}/{repo}/git/blobs"),
    ("POST", "/repos/{owner}/{repo}/git/trees"),
    ("POST", "/repos/{owner}/{repo}/git/commits"),
    ("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}"),
)

# Keywords that only document; dropped to keep the committed data small.
_DOC_KEYS = frozenset({"description", "example", "examples", "title", "externalDocs"})

# One event per action we need, picked from the examples by action.
_EVENTS: tuple[tuple[str, str, str], ...] = (
    ("pull_request", "opened", "pull_request.opened.json"),
    ("pull_request", "synchronize", "pull_request.synchronize.json"),
    ("pull_request_review", "submitted", "pull_request_review.submitted.json"),
    ("merge_group", "checks_requested", "merge_group.checks_requested.json"),
    ("issue_comment", "created", "issue_comment.created.json"),
    ("pull_request_review_comment", "created", "pull_request_review_comment.created.json"),
)


def _resolve(node: Any, components: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """Inline `$ref`s, convert `nullable`, and drop documentation keywords."""
    if isinstance(node, list):
        return [_resolve(item, components, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        prefix = "#/components/schemas/"
        if not ref.startswith(prefix):
            raise SystemExit(f"unsupported $ref {ref}")
        name = ref[len(prefix) :]
        if name in seen:
            raise SystemExit(f"recursive $ref {ref}")
        return _resolve(components[name], components, (*seen, name))
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DOC_KEYS:
            continue
        if key == "properties":
            out[key] = {name: _resolve(sub, components, seen) for name, sub in value.items()}
        else:
            out[key] = _resolve(value, components, seen)
    if out.pop("nullable", False):
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def extract_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    components = spec["components"]["schemas"]
    bodies: dict[str, Any] = {}
    for method, path in ENDPOINTS:
        operation = spec["paths"][path][method.lower()]
        body = operation["requestBody"]
        schema = body["content"]["application/json"]["schema"]
        bodies[f"{method} {path}"] = {
            "operationId": operation.get("operationId"),
            "required": bool(body.get("required", False)),
            "schema": _resolve(copy.deepcopy(schema), components),
        }
    return {
        "source": "@octokit/openapi generated/api.github.com.json",
        "version": spec["info"]["version"],
        "endpoints": bodies,
    }


def extract_events(examples: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_name = {entry["name"]: entry["examples"] for entry in examples}
    out: dict[str, dict[str, Any]] = {}
    for name, action, filename in _EVENTS:
        payload = next(p for p in by_name[name] if p.get("action") == action)
        out[filename] = payload
    out["pull_request.opened.fork.json"] = _as_fork(out["pull_request.opened.json"])
    out["issue_comment.created.pull.json"] = _on_pull(out["issue_comment.created.json"])
    return out


def _on_pull(payload: dict[str, Any]) -> dict[str, Any]:
    """The issue_comment examples are all on a plain issue: derive one on a pull request, whose
    ``issue`` carries the ``pull_request`` links GitHub adds to a pull request's issue."""
    pull_payload = copy.deepcopy(payload)
    issue = pull_payload["issue"]
    repo = pull_payload["repository"]
    number = issue["number"]
    issue["pull_request"] = {
        "url": f"{repo['url']}/pulls/{number}",
        "html_url": f"{repo['html_url']}/pull/{number}",
        "diff_url": f"{repo['html_url']}/pull/{number}.diff",
        "patch_url": f"{repo['html_url']}/pull/{number}.patch",
        "merged_at": None,
    }
    issue["html_url"] = f"{repo['html_url']}/pull/{number}"
    pull_payload["comment"]["html_url"] = pull_payload["comment"]["html_url"].replace(
        "/issues/", "/pull/"
    )
    return pull_payload


def _as_fork(payload: dict[str, Any]) -> dict[str, Any]:
    """The examples hold no fork PR: derive one whose head lives in the author's fork."""
    fork_payload = copy.deepcopy(payload)
    pull = fork_payload["pull_request"]
    author = pull["user"]
    head_repo = copy.deepcopy(pull["base"]["repo"])
    head_repo.update(
        {
            "id": head_repo["id"] + 1,
            "node_id": head_repo["node_id"] + "Fork",
            "name": head_repo["name"],
            "full_name": f"{author['login']}-fork/{head_repo['name']}",
            "owner": {**author, "login": f"{author['login']}-fork"},
            "fork": True,
        }
    )
    pull["head"]["repo"] = head_repo
    pull["head"]["user"] = head_repo["owner"]
    pull["head"]["label"] = f"{head_repo['owner']['login']}:{pull['head']['ref']}"
    pull["author_association"] = "CONTRIBUTOR"
    return fork_payload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openapi", type=Path, required=True)
    parser.add_argument("--webhooks", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    spec = json.loads(args.openapi.read_text(encoding="utf-8"))
    schemas = extract_schemas(spec)
    (args.out / "openapi-request-bodies.json").write_text(
        json.dumps(schemas, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    events_dir = args.out / "events"
    events_dir.mkdir(exist_ok=True)
    for filename, payload in extract_events(json.loads(args.webhooks.read_text("utf-8"))).items():
        (events_dir / filename).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
