"""What the test server knows, and GitHub's rules for changing it.

Every operation takes the acting login, checks what GitHub checks (and answers the same
status), and either changes the state completely or not at all: a review with one bad inline
comment writes nothing.
"""

from __future__ import annotations

import base64
import datetime
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .diff import PatchMap, parse_patch
from .errors import NOT_ACCESSIBLE, ApiError, not_found, unprocessable, validation_failed
from .records import (
    Alert,
    AlertState,
    CheckRun,
    FileStatus,
    Issue,
    IssueComment,
    Permission,
    Pull,
    PullFile,
    Push,
    Repo,
    Review,
    ReviewComment,
    ReviewState,
    ReviewThread,
    Status,
    Token,
    User,
    UserType,
)

MAX_BODY = 65_536  # characters, for review, review-comment and issue-comment bodies
MAX_STATUS_DESCRIPTION = 140
MAX_STATUSES_PER_CONTEXT = 1000
ACTIONS_BOT = "github-actions[bot]"

_EVENT_STATE = {
    "APPROVE": ReviewState.APPROVED,
    "REQUEST_CHANGES": ReviewState.CHANGES_REQUESTED,
    "COMMENT": ReviewState.COMMENTED,
}


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def node_id(prefix: str, number: int) -> str:
    return f"{prefix}_" + base64.b64encode(f"{prefix}{number:08d}".encode()).decode().rstrip("=")


def _too_long(resource: str, body: str) -> ApiError:
    return validation_failed(
        resource, "body", f"Body is too long (maximum is {MAX_BODY} characters)"
    )


class State:
    """All repositories, pulls, reviews, comments, statuses and alerts of one test server."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._next_id = 1000
        self.users: dict[str, User] = {}
        self.tokens: dict[str, Token] = {}
        self.teams: dict[tuple[str, str], tuple[str, ...]] = {}
        self.repos: dict[str, Repo] = {}
        self.pulls: dict[tuple[str, int], Pull] = {}
        self.reviews: dict[int, Review] = {}
        self.review_comments: dict[int, ReviewComment] = {}
        self.threads: dict[str, ReviewThread] = {}
        self.issue_comments: dict[int, IssueComment] = {}
        self.statuses: dict[int, Status] = {}
        self.check_runs: dict[int, CheckRun] = {}
        self.alerts: dict[tuple[str, int], Alert] = {}
        self.issues: dict[tuple[str, int], Issue] = {}  # see issues.py
        self.git_dirs: dict[str, Path] = {}  # repository -> a real git repository (gitdata.py)

    def new_id(self) -> int:
        with self.lock:
            self._next_id += 1
            return self._next_id

    # --- seeding -------------------------------------------------------------------------

    def add_user(self, login: str, type: UserType | str = UserType.USER) -> User:
        with self.lock:
            if login in self.users:
                return self.users[login]
            user = User(login=login, id=self.new_id(), type=UserType(type))
            self.users[login] = user
            return user

    def ensure_user(self, login: str) -> User:
        kind = UserType.BOT if login.endswith("[bot]") else UserType.USER
        return self.users.get(login) or self.add_user(login, kind)

    def add_token(
        self,
        token: str,
        login: str,
        permission: Permission | str = Permission.WRITE,
        *,
        installation: bool | None = None,
        read_org: bool = True,
        security_events: bool = True,
    ) -> Token:
        with self.lock:
            user = self.ensure_user(login)
            record = Token(
                token=token,
                login=login,
                permission=Permission(permission),
                installation=user.type is UserType.BOT if installation is None else installation,
                read_org=read_org,
                security_events=security_events,
            )
            self.tokens[token] = record
            return record

    def add_team(self, org: str, slug: str, members: Iterable[str]) -> tuple[str, ...]:
        with self.lock:
            self.ensure_org(org)
            logins = tuple(members)
            for login in logins:
                self.ensure_user(login)
            self.teams[(org.lower(), slug.lower())] = logins
            return logins

    def ensure_org(self, org: str) -> None:
        if org not in self.users:
            self.add_user(org, UserType.ORGANIZATION)

    def add_repo(
        self,
        full_name: str,
        *,
        default_branch: str = "main",
        private: bool = False,
        actions_can_approve: bool = False,
    ) -> Repo:
        with self.lock:
            if full_name.count("/") != 1:
                raise ValueError(f"repository name must be owner/name: {full_name!r}")
            self.ensure_org(full_name.split("/")[0])
            repo = Repo(
                full_name=full_name,
                id=self.new_id(),
                default_branch=default_branch,
                private=private,
                actions_can_approve=actions_can_approve,
            )
            self.repos[full_name.lower()] = repo
            return repo

    def add_commit(self, repo: str, sha: str, *, branch: str | None = None) -> None:
        with self.lock:
            record = self.repo(repo)
            branches = dict(record.branches)
            if branch is not None:
                branches[branch] = sha
            self.repos[record.full_name.lower()] = replace(
                record, commits=record.commits | {sha}, branches=branches
            )

    def add_pull(
        self,
        repo: str,
        number: int,
        *,
        author: str,
        head_sha: str,
        base_sha: str,
        base_ref: str = "main",
        head_ref: str = "feature",
        files: Sequence[PullFile] = (),
        fork: bool = False,
        title: str = "A pull request",
        body: str = "",
        draft: bool = False,
    ) -> Pull:
        with self.lock:
            record = self.repo(repo)
            self.ensure_user(author)
            pull = Pull(
                repo=record.full_name,
                number=number,
                id=self.new_id(),
                author=author,
                title=title,
                body=body,
                head_sha=head_sha,
                base_sha=base_sha,
                head_ref=head_ref,
                base_ref=base_ref,
                fork=fork,
                draft=draft,
                files_by_head={head_sha: tuple(files)},
                commits=((head_sha, author),),
                pushes=(Push(self.new_id(), head_sha, author, author, author),),
            )
            self.pulls[(record.full_name.lower(), number)] = pull
            self.add_commit(repo, base_sha, branch=base_ref)
            if not fork:
                self.add_commit(repo, head_sha, branch=head_ref)
            else:
                self.add_commit(repo, head_sha)
            return pull

    def set_head(
        self,
        repo: str,
        number: int,
        sha: str,
        files: Sequence[PullFile] | None = None,
        *,
        pusher: str | None = None,
        author: str | None = None,
        committer: str | None = None,
        force: bool = False,
    ) -> Pull:
        """A new push: the head moves, and comments whose line left the diff become outdated.
        The commit says ``author`` and ``committer`` (default: the pusher); a force push replaces
        the PR's commits, as on GitHub, and the timeline names its pusher."""
        with self.lock:
            pull = self.pull(repo, number)
            new_files = tuple(files) if files is not None else pull.files
            pusher = pusher or pull.author
            author = author or pusher
            committer = committer or pusher  # `git commit --author` keeps the committer
            for login in (pusher, author, committer):
                self.ensure_user(login)
            push = Push(self.new_id(), sha, author, committer, pusher, force)
            pull = replace(
                pull,
                head_sha=sha,
                files_by_head={**pull.files_by_head, sha: new_files},
                commits=((sha, author),) if force else (*pull.commits, (sha, author)),
                pushes=(*pull.pushes, push),
            )
            self.pulls[(pull.repo.lower(), number)] = pull
            self.add_commit(repo, sha, branch=None if pull.fork else pull.head_ref)
            maps = {f.filename: parse_patch(f.patch) for f in new_files}
            for comment in list(self.review_comments.values()):
                if comment.repo != pull.repo or comment.pull_number != number:
                    continue
                if comment.line is None:
                    continue
                patch = maps.get(comment.path)
                found = patch.find(comment.side, comment.line) if patch else None
                if found is None:
                    comment = replace(comment, line=None, position=None, start_line=None)
                else:
                    comment = replace(comment, commit_id=sha, position=found.position)
                self.review_comments[comment.id] = comment
            return pull

    def add_review(
        self,
        repo: str,
        number: int,
        user: str,
        state: ReviewState | str,
        commit_id: str | None = None,
        body: str = "",
    ) -> Review:
        """A review by someone else, as if submitted in the UI (no rules checked)."""
        with self.lock:
            pull = self.pull(repo, number)
            self.ensure_user(user)
            review_state = _review_state(state)
            review = Review(
                id=self.new_id(),
                node_id="",
                repo=pull.repo,
                pull_number=number,
                user=user,
                state=review_state,
                body=body,
                commit_id=commit_id or pull.head_sha,
                submitted_at=None if review_state is ReviewState.PENDING else now(),
            )
            review = replace(review, node_id=node_id("PRR", review.id))
            self.reviews[review.id] = review
            if review_state is not ReviewState.PENDING:
                self._unrequest(pull, user)
            return review

    def add_issue_comment(self, repo: str, number: int, user: str, body: str) -> IssueComment:
        """A comment by someone else (a human can paste sastflow's marker, for example)."""
        with self.lock:
            self.pull(repo, number)
            self.ensure_user(user)
            return self.create_issue_comment(repo, number, user, {"body": body})

    def add_alert(
        self,
        repo: str,
        *,
        rule_id: str,
        path: str,
        start_line: int,
        end_line: int | None = None,
        tool_name: str = "sastflow",
        message: str = "",
        severity: str = "warning",
        security_severity_level: str | None = None,
        state: AlertState | str = AlertState.OPEN,
        ref: str | None = None,
        commit_sha: str = "0" * 40,
        category: str = "",
        number: int | None = None,
    ) -> Alert:
        with self.lock:
            record = self.repo(repo)
            numbers = [n for (r, n) in self.alerts if r == record.full_name.lower()]
            stamp = now()
            alert = Alert(
                number=number if number is not None else max(numbers, default=0) + 1,
                repo=record.full_name,
                rule_id=rule_id,
                tool_name=tool_name,
                path=path,
                start_line=start_line,
                end_line=end_line if end_line is not None else start_line,
                message=message,
                ref=_full_ref(ref or record.default_branch),
                commit_sha=commit_sha,
                severity=severity,
                security_severity_level=security_severity_level,
                category=category,
                state=AlertState(state),
                created_at=stamp,
                updated_at=stamp,
                fixed_at=stamp if AlertState(state) is AlertState.FIXED else None,
            )
            self.alerts[(record.full_name.lower(), alert.number)] = alert
            return alert

    # --- lookups -------------------------------------------------------------------------

    def repo(self, full_name: str) -> Repo:
        record = self.repos.get(full_name.lower())
        if record is None:
            raise not_found()
        return record

    def pull(self, repo: str, number: int) -> Pull:
        pull = self.pulls.get((repo.lower(), number))
        if pull is None:
            raise not_found()
        return pull

    def resolve_ref(self, repo: str, ref: str) -> str | None:
        """A sha (full or abbreviated) or branch name to a known commit sha."""
        record = self.repo(repo)
        name = ref.removeprefix("refs/heads/")
        if name in record.branches:
            return record.branches[name]
        if ref in record.commits:
            return ref
        if len(ref) >= 7:
            matches = [sha for sha in record.commits if sha.startswith(ref)]
            if len(matches) == 1:
                return matches[0]
        return None

    def team_members(self, org: str, slug: str) -> tuple[str, ...]:
        members = self.teams.get((org.lower(), slug.lower()))
        if members is None:
            raise not_found()
        return members

    def association(self, repo: str, login: str) -> str:
        owner = repo.split("/", 1)[0]
        if login.lower() == owner.lower():
            return "OWNER"
        if any(org == owner.lower() and login in m for (org, _), m in self.teams.items()):
            return "MEMBER"
        return "CONTRIBUTOR" if any(p.author == login for p in self.pulls.values()) else "NONE"

    def timeline(self, pull: Pull, viewer: str | None) -> list[Push | Review]:
        """The issue timeline's events sastflow reads, in order: every push (committed, and
        head_ref_force_pushed for a force push) and every submitted review (reviewed)."""
        reviews = [
            r for r in self.visible_reviews(pull, viewer) if r.state is not ReviewState.PENDING
        ]
        events: list[Push | Review] = [*pull.pushes, *reviews]
        return sorted(events, key=lambda e: e.seq if isinstance(e, Push) else e.id)

    def visible_reviews(self, pull: Pull, viewer: str | None) -> list[Review]:
        """GitHub shows a pending review only to its author."""
        return [
            r
            for r in sorted(self.reviews.values(), key=lambda r: r.id)
            if r.repo == pull.repo
            and r.pull_number == pull.number
            and (r.state is not ReviewState.PENDING or r.user == viewer)
        ]

    def visible_review_comments(self, pull: Pull, viewer: str | None) -> list[ReviewComment]:
        visible = {r.id for r in self.visible_reviews(pull, viewer)}
        return [
            c
            for c in sorted(self.review_comments.values(), key=lambda c: c.id)
            if c.repo == pull.repo and c.pull_number == pull.number and c.review_id in visible
        ]

    # --- reviews -------------------------------------------------------------------------

    def create_review(self, repo: str, number: int, actor: str, body: Mapping[str, Any]) -> Review:
        with self.lock:
            pull = self.pull(repo, number)
            commit_id = body.get("commit_id") or pull.head_sha
            if commit_id not in pull.files_by_head:
                raise unprocessable(f"Commit {commit_id} is not part of the pull request")
            event = body.get("event")
            state = _EVENT_STATE[event] if event else ReviewState.PENDING
            text = body.get("body") or ""
            comments = list(body.get("comments") or [])
            self._check_review_rules(pull, actor, state, text, comments)
            if len(text) > MAX_BODY:
                raise _too_long("PullRequestReview", text)
            maps = {f.filename: parse_patch(f.patch) for f in pull.files_by_head[commit_id]}
            placed = [self._place(maps, c, index) for index, c in enumerate(comments)]
            review = Review(
                id=self.new_id(),
                node_id="",
                repo=pull.repo,
                pull_number=number,
                user=actor,
                state=state,
                body=text,
                commit_id=commit_id,
                submitted_at=None if state is ReviewState.PENDING else now(),
            )
            review = replace(review, node_id=node_id("PRR", review.id))
            self.reviews[review.id] = review
            for comment, (path, where) in zip(comments, placed, strict=True):
                self._add_comment(pull, review, actor, path, where, comment["body"], commit_id)
            if state is not ReviewState.PENDING:
                self._unrequest(pull, actor)
            return review

    def _check_review_rules(
        self,
        pull: Pull,
        actor: str,
        state: ReviewState,
        text: str,
        comments: Sequence[Mapping[str, Any]],
    ) -> None:
        if state is ReviewState.PENDING and any(
            r.user == actor and r.state is ReviewState.PENDING
            for r in self.visible_reviews(pull, actor)
        ):
            raise unprocessable("User can only have one pending review per pull request")
        if actor == pull.author and state is ReviewState.APPROVED:
            raise unprocessable("Can not approve your own pull request")
        if actor == pull.author and state is ReviewState.CHANGES_REQUESTED:
            raise unprocessable("Can not request changes on your own pull request")
        if (
            actor == ACTIONS_BOT
            and state is ReviewState.APPROVED
            and not self.repo(pull.repo).actions_can_approve
        ):
            raise unprocessable("GitHub Actions is not permitted to approve pull requests.")
        if state is ReviewState.CHANGES_REQUESTED and not text:
            raise unprocessable("Review Can not request changes without a body")
        if state is ReviewState.COMMENTED and not text and not comments:
            raise unprocessable("Review Can not comment without a body or comments")

    def _place(
        self, maps: Mapping[str, PatchMap], comment: Mapping[str, Any], index: int
    ) -> tuple[str, dict[str, Any]]:
        """Where an inline comment lands, or 422 for the whole review (nothing written)."""
        path = comment["path"]
        text = comment.get("body") or ""
        if len(text) > MAX_BODY:
            raise _too_long("PullRequestReviewComment", text)
        patch = maps.get(path)
        if patch is None:
            raise unprocessable(f"Path could not be resolved (comments[{index}]: {path})")
        if "position" in comment and comment.get("line") is None:
            found = patch.at_position(int(comment["position"]))
            if found is None:
                raise unprocessable("Pull request review thread position is invalid")
            side, line = found.side, found.line
            start_line = start_side = None
        elif comment.get("line") is not None:
            side = comment.get("side") or "RIGHT"
            line = int(comment["line"])
            found = patch.find(side, line)
            if found is None:
                raise unprocessable("Pull request review thread line must be part of the diff")
            start_line = comment.get("start_line")
            start_side = comment.get("start_side") or (side if start_line is not None else None)
            if start_line is not None:
                start = patch.find(str(start_side), int(start_line))
                if start is None:
                    raise unprocessable(
                        "Pull request review thread start line must be part of the diff"
                    )
                if start.hunk_start != found.hunk_start or start.position >= found.position:
                    raise unprocessable(
                        "Pull request review thread start line must precede the end line"
                    )
        else:
            raise unprocessable("Pull request review thread diff hunk can't be blank")
        return path, {
            "line": line,
            "side": side,
            "start_line": start_line,
            "start_side": start_side,
            "position": found.position,
            "diff_hunk": patch.diff_hunk(found.position),
        }

    def _add_comment(
        self,
        pull: Pull,
        review: Review,
        actor: str,
        path: str,
        where: Mapping[str, Any],
        text: str,
        commit_id: str,
        in_reply_to: ReviewComment | None = None,
    ) -> ReviewComment:
        comment_id = self.new_id()
        thread_id = in_reply_to.thread_id if in_reply_to else node_id("PRRT", comment_id)
        stamp = now()
        comment = ReviewComment(
            id=comment_id,
            node_id=node_id("PRRC", comment_id),
            repo=pull.repo,
            pull_number=pull.number,
            review_id=review.id,
            user=actor,
            path=path,
            body=text,
            commit_id=commit_id,
            original_commit_id=commit_id,
            line=where["line"],
            original_line=where["line"],
            side=where["side"],
            start_line=where["start_line"],
            start_side=where["start_side"],
            position=where["position"],
            original_position=where["position"],
            diff_hunk=where["diff_hunk"],
            in_reply_to_id=in_reply_to.id if in_reply_to else None,
            thread_id=thread_id,
            created_at=stamp,
            updated_at=stamp,
        )
        self.review_comments[comment_id] = comment
        if in_reply_to is None:
            self.threads[thread_id] = ReviewThread(
                id=thread_id, repo=pull.repo, pull_number=pull.number, root_comment_id=comment_id
            )
        return comment

    def _unrequest(self, pull: Pull, login: str) -> None:
        if login in pull.requested_reviewers:
            pull = replace(
                pull, requested_reviewers=tuple(r for r in pull.requested_reviewers if r != login)
            )
            self.pulls[(pull.repo.lower(), pull.number)] = pull

    def review(self, repo: str, number: int, review_id: int, viewer: str | None) -> Review:
        pull = self.pull(repo, number)
        for review in self.visible_reviews(pull, viewer):
            if review.id == review_id:
                return review
        raise not_found()

    def submit_review(
        self, repo: str, number: int, review_id: int, actor: str, body: Mapping[str, Any]
    ) -> Review:
        with self.lock:
            review = self.review(repo, number, review_id, actor)
            if review.state is not ReviewState.PENDING:
                raise unprocessable("Can not submit a non-pending review")
            if review.user != actor:
                raise not_found()
            pull = self.pull(repo, number)
            state = _EVENT_STATE[body["event"]]
            text = body.get("body") or review.body
            comments = [c for c in self.review_comments.values() if c.review_id == review.id]
            self._check_review_rules(pull, actor, state, text, [{"body": c.body} for c in comments])
            if len(text) > MAX_BODY:
                raise _too_long("PullRequestReview", text)
            review = replace(review, state=state, body=text, submitted_at=now())
            self.reviews[review.id] = review
            self._unrequest(pull, actor)
            return review

    def update_review(
        self, repo: str, number: int, review_id: int, actor: str, text: str
    ) -> Review:
        with self.lock:
            review = self.review(repo, number, review_id, actor)
            if len(text) > MAX_BODY:
                raise _too_long("PullRequestReview", text)
            review = replace(review, body=text)
            self.reviews[review.id] = review
            return review

    def delete_review(self, repo: str, number: int, review_id: int, actor: str) -> Review:
        with self.lock:
            review = self.review(repo, number, review_id, actor)
            if review.state is not ReviewState.PENDING:
                raise unprocessable("Can not delete a non-pending pull request review")
            del self.reviews[review.id]
            for comment in [c for c in self.review_comments.values() if c.review_id == review.id]:
                del self.review_comments[comment.id]
                self.threads.pop(comment.thread_id, None)
            return review

    def dismiss_review(
        self, repo: str, number: int, review_id: int, actor: str, message: str
    ) -> Review:
        with self.lock:
            review = self.review(repo, number, review_id, actor)
            if review.state not in (ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED):
                raise unprocessable(
                    f"Can not dismiss a {review.state.value.lower()} pull request review"
                )
            review = replace(review, state=ReviewState.DISMISSED)
            self.reviews[review.id] = review
            return review

    # --- review comments -----------------------------------------------------------------

    def review_comment(self, repo: str, comment_id: int, viewer: str | None) -> ReviewComment:
        comment = self.review_comments.get(comment_id)
        if comment is None or comment.repo.lower() != repo.lower():
            raise not_found()
        review = self.reviews.get(comment.review_id)
        if review and review.state is ReviewState.PENDING and review.user != viewer:
            raise not_found()
        return comment

    def _single_comment_review(self, pull: Pull, actor: str, commit_id: str) -> Review:
        # GitHub wraps every comment made outside a review in a COMMENTED review of its own.
        review = Review(
            id=self.new_id(),
            node_id="",
            repo=pull.repo,
            pull_number=pull.number,
            user=actor,
            state=ReviewState.COMMENTED,
            body="",
            commit_id=commit_id,
            submitted_at=now(),
        )
        review = replace(review, node_id=node_id("PRR", review.id))
        self.reviews[review.id] = review
        return review

    def create_review_comment(
        self, repo: str, number: int, actor: str, body: Mapping[str, Any]
    ) -> ReviewComment:
        with self.lock:
            pull = self.pull(repo, number)
            if body.get("in_reply_to") is not None:
                return self.reply(repo, number, int(body["in_reply_to"]), actor, body["body"])
            commit_id = body["commit_id"]
            if commit_id not in pull.files_by_head:
                raise unprocessable(f"Commit {commit_id} is not part of the pull request")
            maps = {f.filename: parse_patch(f.patch) for f in pull.files_by_head[commit_id]}
            path, where = self._place(maps, body, 0)
            review = self._single_comment_review(pull, actor, commit_id)
            return self._add_comment(pull, review, actor, path, where, body["body"], commit_id)

    def reply(
        self, repo: str, number: int, comment_id: int, actor: str, text: str
    ) -> ReviewComment:
        with self.lock:
            pull = self.pull(repo, number)
            parent = self.review_comment(repo, comment_id, actor)
            if parent.pull_number != number:
                raise not_found()
            if parent.in_reply_to_id is not None:
                raise unprocessable("Replies to replies are not supported")
            if len(text) > MAX_BODY:
                raise _too_long("PullRequestReviewComment", text)
            review = self._single_comment_review(pull, actor, pull.head_sha)
            where = {
                "line": parent.line,
                "side": parent.side,
                "start_line": parent.start_line,
                "start_side": parent.start_side,
                "position": parent.position,
                "diff_hunk": parent.diff_hunk,
            }
            comment = self._add_comment(
                pull, review, actor, parent.path, where, text, parent.commit_id, in_reply_to=parent
            )
            comment = replace(
                comment,
                original_line=parent.original_line,
                original_position=parent.original_position,
                original_commit_id=parent.original_commit_id,
            )
            self.review_comments[comment.id] = comment
            return comment

    def edit_review_comment(
        self, repo: str, comment_id: int, actor: str, text: str
    ) -> ReviewComment:
        with self.lock:
            comment = self.review_comment(repo, comment_id, actor)
            if len(text) > MAX_BODY:
                raise _too_long("PullRequestReviewComment", text)
            comment = replace(
                comment, body=text, updated_at=now(), edited_by=(*comment.edited_by, actor)
            )
            self.review_comments[comment.id] = comment
            return comment

    def delete_review_comment(self, repo: str, comment_id: int, actor: str) -> None:
        with self.lock:
            comment = self.review_comment(repo, comment_id, actor)
            del self.review_comments[comment.id]
            if comment.in_reply_to_id is None:
                self.threads.pop(comment.thread_id, None)

    def set_thread_resolved(self, thread_id: str, actor: str, resolved: bool) -> ReviewThread:
        with self.lock:
            thread = self.threads.get(thread_id)
            if thread is None:
                raise ApiError(
                    404, f"Could not resolve to a node with the global id of '{thread_id}'"
                )
            thread = replace(thread, resolved=resolved, resolved_by=actor if resolved else None)
            self.threads[thread_id] = thread
            return thread

    # --- issue comments ------------------------------------------------------------------

    def create_issue_comment(
        self, repo: str, number: int, actor: str, body: Mapping[str, Any]
    ) -> IssueComment:
        with self.lock:
            pull = self.pull(repo, number)
            text = body["body"]
            if len(text) > MAX_BODY:
                raise _too_long("IssueComment", text)
            comment_id = self.new_id()
            stamp = now()
            comment = IssueComment(
                id=comment_id,
                node_id=node_id("IC", comment_id),
                repo=pull.repo,
                issue_number=number,
                user=actor,
                body=text,
                created_at=stamp,
                updated_at=stamp,
            )
            self.issue_comments[comment_id] = comment
            return comment

    def issue_comment(self, repo: str, comment_id: int) -> IssueComment:
        comment = self.issue_comments.get(comment_id)
        if comment is None or comment.repo.lower() != repo.lower():
            raise not_found()
        return comment

    def edit_issue_comment(self, repo: str, comment_id: int, actor: str, text: str) -> IssueComment:
        with self.lock:
            comment = self.issue_comment(repo, comment_id)
            if len(text) > MAX_BODY:
                raise _too_long("IssueComment", text)
            comment = replace(
                comment, body=text, updated_at=now(), edited_by=(*comment.edited_by, actor)
            )
            self.issue_comments[comment.id] = comment
            return comment

    def delete_issue_comment(self, repo: str, comment_id: int) -> None:
        with self.lock:
            comment = self.issue_comment(repo, comment_id)
            del self.issue_comments[comment.id]

    # --- statuses and checks -------------------------------------------------------------

    def create_status(self, repo: str, sha: str, actor: str, body: Mapping[str, Any]) -> Status:
        with self.lock:
            record = self.repo(repo)
            if sha not in record.commits:
                raise unprocessable(message=f"No commit found for SHA: {sha}")
            context = body.get("context") or "default"
            description = body.get("description")
            if description is not None and len(description) > MAX_STATUS_DESCRIPTION:
                raise validation_failed(
                    "Status",
                    "description",
                    f"description is too long (maximum is {MAX_STATUS_DESCRIPTION} characters)",
                )
            same = [
                s
                for s in self.statuses.values()
                if s.repo == record.full_name
                and s.sha == sha
                and s.context.lower() == context.lower()
            ]
            if len(same) >= MAX_STATUSES_PER_CONTEXT:
                raise validation_failed(
                    "Status",
                    "context",
                    "This SHA and context has reached the maximum number of statuses.",
                )
            status = Status(
                id=self.new_id(),
                repo=record.full_name,
                sha=sha,
                state=body["state"],
                context=context,
                description=description,
                target_url=body.get("target_url"),
                creator=actor,
                created_at=now(),
            )
            self.statuses[status.id] = status
            return status

    def statuses_for(self, repo: str, ref: str) -> tuple[str, list[Status]]:
        """The statuses of a ref, newest first."""
        sha = self.resolve_ref(repo, ref)
        if sha is None:
            raise unprocessable(message=f"No commit found for SHA: {ref}")
        record = self.repo(repo)
        found = [s for s in self.statuses.values() if s.repo == record.full_name and s.sha == sha]
        return sha, sorted(found, key=lambda s: s.id, reverse=True)

    def create_check_run(self, repo: str, actor: str, body: Mapping[str, Any]) -> CheckRun:
        with self.lock:
            record = self.repo(repo)
            if body["head_sha"] not in record.commits:
                raise unprocessable(message=f"No commit found for SHA: {body['head_sha']}")
            run = CheckRun(
                id=self.new_id(),
                repo=record.full_name,
                head_sha=body["head_sha"],
                name=body["name"],
                status=body.get("status") or ("completed" if body.get("conclusion") else "queued"),
                conclusion=body.get("conclusion"),
                output=dict(body.get("output") or {}),
                creator=actor,
            )
            self.check_runs[run.id] = run
            return run

    def update_check_run(self, repo: str, run_id: int, body: Mapping[str, Any]) -> CheckRun:
        with self.lock:
            run = self.check_runs.get(run_id)
            if run is None or run.repo.lower() != repo.lower():
                raise not_found()
            run = replace(
                run,
                name=body.get("name", run.name),
                status=body.get("status")
                or ("completed" if body.get("conclusion") else run.status),
                conclusion=body.get("conclusion", run.conclusion),
                output=dict(body.get("output") or run.output),
            )
            self.check_runs[run.id] = run
            return run

    # --- review requests -----------------------------------------------------------------

    def request_reviewers(
        self, repo: str, number: int, body: Mapping[str, Any], *, remove: bool = False
    ) -> Pull:
        with self.lock:
            pull = self.pull(repo, number)
            users = list(body.get("reviewers") or [])
            teams = list(body.get("team_reviewers") or [])
            org = pull.repo.split("/", 1)[0]
            if not remove:
                if pull.author in users:
                    raise unprocessable(
                        message="Review cannot be requested from pull request author."
                    )
                unknown_user = [u for u in users if u not in self.users]
                unknown_team = [t for t in teams if (org.lower(), t.lower()) not in self.teams]
                if unknown_user or unknown_team:
                    raise unprocessable(
                        message=(
                            "Reviews may only be requested from collaborators. One or more of "
                            "the users or teams you specified is not a collaborator of the "
                            f"{pull.repo} repository."
                        )
                    )
                pull = replace(
                    pull,
                    requested_reviewers=tuple(dict.fromkeys((*pull.requested_reviewers, *users))),
                    requested_teams=tuple(dict.fromkeys((*pull.requested_teams, *teams))),
                )
            else:
                pull = replace(
                    pull,
                    requested_reviewers=tuple(
                        r for r in pull.requested_reviewers if r not in users
                    ),
                    requested_teams=tuple(t for t in pull.requested_teams if t not in teams),
                )
            self.pulls[(pull.repo.lower(), number)] = pull
            return pull

    # --- code scanning -------------------------------------------------------------------

    def alert(self, repo: str, number: int) -> Alert:
        alert = self.alerts.get((repo.lower(), number))
        if alert is None:
            raise ApiError(404, "No alert found for alert number")
        return alert

    def list_alerts(self, repo: str, query: Mapping[str, str]) -> list[Alert]:
        record = self.repo(repo)
        if query.get("pr"):
            ref = f"refs/pull/{query['pr']}/merge"
        else:
            ref = _full_ref(query.get("ref") or record.default_branch)
        wanted_state = query.get("state")
        out = []
        for (name, _), alert in sorted(self.alerts.items(), key=lambda kv: kv[0][1]):
            if name != record.full_name.lower() or alert.ref != ref:
                continue
            if wanted_state == "closed":
                if alert.state is AlertState.OPEN:
                    continue
            elif wanted_state and alert.state.value != wanted_state:
                continue
            if query.get("tool_name") and alert.tool_name != query["tool_name"]:
                continue
            if query.get("severity") and query["severity"] not in (
                alert.severity,
                alert.security_severity_level,
            ):
                continue
            out.append(alert)
        if query.get("direction", "desc") == "desc":
            out.reverse()
        return out

    def update_alert(self, repo: str, number: int, actor: str, body: Mapping[str, Any]) -> Alert:
        with self.lock:
            alert = self.alert(repo, number)
            state = body.get("state")
            if state == "dismissed":
                if not body.get("dismissed_reason"):
                    raise ApiError(
                        400, "dismissed_reason is required when setting the state to dismissed"
                    )
                if alert.state is AlertState.FIXED:
                    raise ApiError(400, "Alert is already fixed")
                alert = replace(
                    alert,
                    state=AlertState.DISMISSED,
                    dismissed_by=actor,
                    dismissed_at=now(),
                    dismissed_reason=body["dismissed_reason"],
                    dismissed_comment=body.get("dismissed_comment"),
                    updated_at=now(),
                )
            elif state == "open":
                alert = replace(
                    alert,
                    state=AlertState.OPEN,
                    dismissed_by=None,
                    dismissed_at=None,
                    dismissed_reason=None,
                    dismissed_comment=None,
                    updated_at=now(),
                )
            self.alerts[(alert.repo.lower(), alert.number)] = alert
            return alert

    # --- auth ----------------------------------------------------------------------------

    def token_for(self, header: str | None) -> Token:
        if not header:
            raise ApiError(401, "Requires authentication")
        scheme, _, value = header.partition(" ")
        if scheme.lower() not in ("token", "bearer") or value.strip() not in self.tokens:
            raise ApiError(401, "Bad credentials")
        return self.tokens[value.strip()]

    @staticmethod
    def require_write(token: Token) -> None:
        if token.permission is not Permission.WRITE:
            raise ApiError(403, NOT_ACCESSIBLE)


def _review_state(state: ReviewState | str) -> ReviewState:
    """``APPROVED``, ``approved`` (as webhooks say) or ``APPROVE`` (as the API event says)."""
    if isinstance(state, ReviewState):
        return state
    name = state.upper()
    return _EVENT_STATE.get(name) or ReviewState(name)


def _full_ref(ref: str) -> str:
    return ref if ref.startswith("refs/") else f"refs/heads/{ref}"


def file_stats(pull_file: PullFile) -> tuple[int, int]:
    patch = parse_patch(pull_file.patch)
    return patch.additions, patch.deletions


def status_value(status: FileStatus | str) -> str:
    return status.value if isinstance(status, FileStatus) else str(status)
