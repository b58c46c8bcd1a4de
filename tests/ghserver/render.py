"""The JSON GitHub answers with, built from the server's records.

Every ``url`` is absolute and points back at the test server, because PyGithub follows them
(``pull.create_review`` posts to ``pull.url + "/reviews"``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from .records import (
    Alert,
    AlertState,
    CheckRun,
    IssueComment,
    Pull,
    PullFile,
    Push,
    Repo,
    Review,
    ReviewComment,
    Status,
    UserType,
)
from .state import State, file_stats, node_id, now, status_value

WEB = "https://github.com"


class Renderer:
    """Turns records into GitHub's JSON shapes for one server address."""

    def __init__(self, state: State, api: str) -> None:
        self.state = state
        self.api = api

    def user(self, login: str) -> dict[str, Any]:
        user = self.state.ensure_user(login)
        return {
            "login": user.login,
            "id": user.id,
            "node_id": node_id("U", user.id),
            "type": user.type.value,
            "site_admin": False,
            "url": f"{self.api}/users/{user.login}",
            "html_url": f"{WEB}/{user.login}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user.id}",
        }

    def repo(
        self, repo: Repo, *, full_name: str | None = None, fork: bool = False
    ) -> dict[str, Any]:
        name = full_name or repo.full_name
        owner = name.split("/", 1)[0]
        self.state.ensure_user(owner)
        return {
            "id": repo.id + (1 if fork else 0),
            "node_id": node_id("R", repo.id + (1 if fork else 0)),
            "name": name.split("/", 1)[1],
            "full_name": name,
            "owner": self.user(owner),
            "private": repo.private,
            "fork": fork,
            "default_branch": repo.default_branch,
            "visibility": "private" if repo.private else "public",
            "url": f"{self.api}/repos/{name}",
            "html_url": f"{WEB}/{name}",
            "permissions": {"admin": False, "maintain": False, "push": True, "pull": True},
        }

    def pull(self, pull: Pull) -> dict[str, Any]:
        repo = self.state.repo(pull.repo)
        url = f"{self.api}/repos/{pull.repo}/pulls/{pull.number}"
        head_repo = self.repo(repo, full_name=pull.head_repo, fork=pull.fork)
        additions = deletions = 0
        for f in pull.files:
            added, deleted = file_stats(f)
            additions += added
            deletions += deleted
        return {
            "id": pull.id,
            "node_id": node_id("PR", pull.id),
            "number": pull.number,
            "state": pull.state,
            "locked": False,
            "title": pull.title,
            "body": pull.body,
            "draft": pull.draft,
            "merged": False,
            "mergeable": True,
            "user": self.user(pull.author),
            "author_association": self.state.association(pull.repo, pull.author),
            "head": {
                "label": f"{pull.head_repo.split('/')[0]}:{pull.head_ref}",
                "ref": pull.head_ref,
                "sha": pull.head_sha,
                "user": self.user(pull.head_repo.split("/")[0]),
                "repo": head_repo,
            },
            "base": {
                "label": f"{repo.owner}:{pull.base_ref}",
                "ref": pull.base_ref,
                "sha": pull.base_sha,
                "user": self.user(repo.owner),
                "repo": self.repo(repo),
            },
            "requested_reviewers": [self.user(r) for r in pull.requested_reviewers],
            "requested_teams": [self.team(repo.owner, t) for t in pull.requested_teams],
            "url": url,
            "html_url": f"{WEB}/{pull.repo}/pull/{pull.number}",
            "issue_url": f"{self.api}/repos/{pull.repo}/issues/{pull.number}",
            "comments_url": f"{self.api}/repos/{pull.repo}/issues/{pull.number}/comments",
            "review_comments_url": f"{url}/comments",
            "commits_url": f"{url}/commits",
            "statuses_url": f"{self.api}/repos/{pull.repo}/statuses/{pull.head_sha}",
            "diff_url": f"{WEB}/{pull.repo}/pull/{pull.number}.diff",
            "patch_url": f"{WEB}/{pull.repo}/pull/{pull.number}.patch",
            "changed_files": len(pull.files),
            "additions": additions,
            "deletions": deletions,
            "commits": 1,
            "created_at": now(),
            "updated_at": now(),
        }

    def team(self, org: str, slug: str) -> dict[str, Any]:
        return {
            "name": slug,
            "slug": slug,
            "id": _stable_number(f"{org.lower()}/{slug.lower()}"),
            "url": f"{self.api}/orgs/{org}/teams/{slug}",
            "members_url": f"{self.api}/orgs/{org}/teams/{slug}/members{{/member}}",
            "privacy": "closed",
            "permission": "pull",
        }

    def pull_file(self, repo: str, head_sha: str, pull_file: PullFile) -> dict[str, Any]:
        additions, deletions = file_stats(pull_file)
        out: dict[str, Any] = {
            "sha": hashlib.sha1(
                f"{head_sha}:{pull_file.filename}".encode(), usedforsecurity=False
            ).hexdigest(),
            "filename": pull_file.filename,
            "status": status_value(pull_file.status),
            "additions": additions,
            "deletions": deletions,
            "changes": additions + deletions,
            "blob_url": f"{WEB}/{repo}/blob/{head_sha}/{pull_file.filename}",
            "raw_url": f"{WEB}/{repo}/raw/{head_sha}/{pull_file.filename}",
            "contents_url": f"{self.api}/repos/{repo}/contents/{pull_file.filename}?ref={head_sha}",
        }
        if pull_file.patch is not None:
            out["patch"] = pull_file.patch
        if pull_file.previous_filename is not None:
            out["previous_filename"] = pull_file.previous_filename
        return out

    def review(self, review: Review) -> dict[str, Any]:
        pull_url = f"{self.api}/repos/{review.repo}/pulls/{review.pull_number}"
        out: dict[str, Any] = {
            "id": review.id,
            "node_id": review.node_id,
            "user": self.user(review.user),
            "body": review.body,
            "state": review.state.value,
            "commit_id": review.commit_id,
            "html_url": f"{WEB}/{review.repo}/pull/{review.pull_number}#pullrequestreview-{review.id}",
            "pull_request_url": pull_url,
            "author_association": self.state.association(review.repo, review.user),
            "_links": {
                "html": {"href": f"{WEB}/{review.repo}/pull/{review.pull_number}"},
                "pull_request": {"href": pull_url},
            },
        }
        if review.submitted_at is not None:
            out["submitted_at"] = review.submitted_at
        return out

    def review_comment(self, comment: ReviewComment) -> dict[str, Any]:
        pull_url = f"{self.api}/repos/{comment.repo}/pulls/{comment.pull_number}"
        url = f"{self.api}/repos/{comment.repo}/pulls/comments/{comment.id}"
        out: dict[str, Any] = {
            "id": comment.id,
            "node_id": comment.node_id,
            "url": url,
            "pull_request_review_id": comment.review_id,
            "diff_hunk": comment.diff_hunk,
            "path": comment.path,
            "position": comment.position,
            "original_position": comment.original_position,
            "commit_id": comment.commit_id,
            "original_commit_id": comment.original_commit_id,
            "user": self.user(comment.user),
            "body": comment.body,
            "created_at": comment.created_at,
            "updated_at": comment.updated_at,
            "html_url": f"{WEB}/{comment.repo}/pull/{comment.pull_number}#discussion_r{comment.id}",
            "pull_request_url": pull_url,
            "author_association": self.state.association(comment.repo, comment.user),
            "line": comment.line,
            "original_line": comment.original_line,
            "side": comment.side,
            "start_line": comment.start_line,
            "original_start_line": comment.start_line,
            "start_side": comment.start_side,
            "subject_type": "line",
            "_links": {
                "self": {"href": url},
                "html": {"href": f"{WEB}/{comment.repo}/pull/{comment.pull_number}"},
                "pull_request": {"href": pull_url},
            },
        }
        if comment.in_reply_to_id is not None:
            out["in_reply_to_id"] = comment.in_reply_to_id
        return out

    def issue_comment(self, comment: IssueComment) -> dict[str, Any]:
        return {
            "id": comment.id,
            "node_id": comment.node_id,
            "url": f"{self.api}/repos/{comment.repo}/issues/comments/{comment.id}",
            "html_url": f"{WEB}/{comment.repo}/pull/{comment.issue_number}#issuecomment-{comment.id}",
            "issue_url": f"{self.api}/repos/{comment.repo}/issues/{comment.issue_number}",
            "user": self.user(comment.user),
            "body": comment.body,
            "created_at": comment.created_at,
            "updated_at": comment.updated_at,
            "author_association": self.state.association(comment.repo, comment.user),
        }

    def status(self, status: Status) -> dict[str, Any]:
        return {
            "id": status.id,
            "node_id": node_id("SC", status.id),
            "url": f"{self.api}/repos/{status.repo}/statuses/{status.sha}",
            "state": status.state,
            "description": status.description,
            "target_url": status.target_url,
            "context": status.context,
            "creator": self.user(status.creator),
            "created_at": status.created_at,
            "updated_at": status.created_at,
            "avatar_url": None,
        }

    def combined_status(self, repo: Repo, sha: str, statuses: list[Status]) -> dict[str, Any]:
        latest: dict[str, Status] = {}
        for status in statuses:  # newest first: keep the first per context
            latest.setdefault(status.context.lower(), status)
        states = [s.state for s in latest.values()]
        if any(s in ("error", "failure") for s in states):
            state = "failure"
        elif not states or any(s == "pending" for s in states):
            state = "pending"
        else:
            state = "success"
        return {
            "state": state,
            "sha": sha,
            "total_count": len(latest),
            "statuses": [self.status(s) for s in latest.values()],
            "repository": self.repo(repo),
            "commit_url": f"{self.api}/repos/{repo.full_name}/commits/{sha}",
            "url": f"{self.api}/repos/{repo.full_name}/commits/{sha}/status",
        }

    def commit(
        self, repo: Repo, sha: str, author: str | None = None, committer: str | None = None
    ) -> dict[str, Any]:
        committer = committer or author
        return {
            "sha": sha,
            "node_id": node_id("C", int(sha[:7], 16) if _hex(sha[:7]) else 0),
            "url": f"{self.api}/repos/{repo.full_name}/commits/{sha}",
            "html_url": f"{WEB}/{repo.full_name}/commit/{sha}",
            "commit": {
                "message": "commit",
                "author": self.git_person(author),
                "committer": self.git_person(committer),
                "tree": {"sha": sha, "url": f"{self.api}/repos/{repo.full_name}/git/trees/{sha}"},
            },
            "author": self.user(author) if author else None,
            "committer": self.user(committer) if committer else None,
            "parents": [],
            "files": [],
        }

    def git_person(self, login: str | None) -> dict[str, Any]:
        """A commit's author or committer as git records it: a name and, for a known login,
        its noreply address (how GitHub maps an email to an account)."""
        if not login:
            return {"name": "A", "email": "a@example.com", "date": now()}
        user = self.state.ensure_user(login)
        email = f"{user.id}+{user.login}@users.noreply.github.com"
        return {"name": user.login, "email": email, "date": now()}

    def timeline_event(self, pull: Pull, event: Push | Review) -> dict[str, Any]:
        """``GET /issues/{n}/timeline`` items: committed, head_ref_force_pushed, reviewed."""
        base = f"{self.api}/repos/{pull.repo}"
        if isinstance(event, Review):
            return {**self.review(event), "state": event.state.value.lower(), "event": "reviewed"}
        if event.forced:
            return {
                "id": event.seq,
                "node_id": node_id("HRFPE", event.seq),
                "url": f"{base}/issues/events/{event.seq}",
                "actor": self.user(event.pusher),
                "event": "head_ref_force_pushed",
                "commit_id": event.sha,
                "commit_url": f"{base}/commits/{event.sha}",
                "created_at": now(),
                "performed_via_github_app": None,
            }
        return {
            "sha": event.sha,
            "node_id": node_id("C", event.seq),
            "url": f"{base}/git/commits/{event.sha}",
            "html_url": f"{WEB}/{pull.repo}/commit/{event.sha}",
            "author": self.git_person(event.author),
            "committer": self.git_person(event.committer),
            "message": "commit",
            "tree": {"sha": event.sha, "url": f"{base}/git/trees/{event.sha}"},
            "parents": [],
            "verification": {"verified": False, "reason": "unsigned", "signature": None},
            "event": "committed",
        }

    def check_run(self, run: CheckRun) -> dict[str, Any]:
        return {
            "id": run.id,
            "node_id": node_id("CR", run.id),
            "head_sha": run.head_sha,
            "name": run.name,
            "status": run.status,
            "conclusion": run.conclusion,
            "output": dict(run.output),
            "url": f"{self.api}/repos/{run.repo}/check-runs/{run.id}",
            "html_url": f"{WEB}/{run.repo}/runs/{run.id}",
            "app": {"slug": "github-actions", "owner": self.user(run.repo.split("/")[0])},
        }

    def alert(self, alert: Alert) -> dict[str, Any]:
        url = f"{self.api}/repos/{alert.repo}/code-scanning/alerts/{alert.number}"
        return {
            "number": alert.number,
            "created_at": alert.created_at,
            "updated_at": alert.updated_at,
            "url": url,
            "html_url": f"{WEB}/{alert.repo}/security/code-scanning/{alert.number}",
            "instances_url": f"{url}/instances",
            "state": alert.state.value,
            "fixed_at": alert.fixed_at,
            "dismissed_by": self.user(alert.dismissed_by) if alert.dismissed_by else None,
            "dismissed_at": alert.dismissed_at,
            "dismissed_reason": alert.dismissed_reason,
            "dismissed_comment": alert.dismissed_comment,
            "rule": {
                "id": alert.rule_id,
                "severity": alert.severity,
                "security_severity_level": alert.security_severity_level,
                "description": alert.rule_id,
                "name": alert.rule_id,
                "tags": ["security"],
            },
            "tool": {"name": alert.tool_name, "guid": None, "version": None},
            "most_recent_instance": {
                "ref": alert.ref,
                "analysis_key": ".github/workflows/sastflow.yml:scan",
                "environment": "{}",
                "category": alert.category,
                "state": "fixed" if alert.state is AlertState.FIXED else "open",
                "commit_sha": alert.commit_sha,
                "message": {"text": alert.message},
                "location": {
                    "path": alert.path,
                    "start_line": alert.start_line,
                    "end_line": alert.end_line,
                    "start_column": 1,
                    "end_column": 1,
                },
                "classifications": [],
            },
        }

    def rendered_user_type(self, login: str) -> UserType:
        return self.state.ensure_user(login).type


def _stable_number(text: str) -> int:
    return int(hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:7], 16)


def _hex(text: str) -> bool:
    try:
        int(text, 16)
    except ValueError:
        return False
    return True
