"""``merge_group`` events: the merge queue's check of a queued merge.

A merge queue tests the merge of the queued pull requests onto the base branch (a temporary
branch ``gh-readonly-queue/<base>/pr-<N>-<sha>``) and merges when the required statuses pass on
that merge's head. When ``sastflow/security-approval`` is required, it must therefore be set on
the merge group's head, not only on each pull request's: without it the queue waits forever.

This module does that check:

- it scans what the merge group adds to its base (``merge_group.base_sha``..``head_sha``), with
  the rules, config, ledger and CODEOWNERS as the base commit has them (as for a pull request);
- it finds the pull requests the group contains: the one the branch is named after, and those
  the queue's merge commits name ("Merge pull request #N" or a squash subject ending "(#N)"),
  each checked to be open against the same base branch (a commit message cannot add an
  unrelated pull request: a number that is not one is left out, and noted);
- the status is ``success`` only if every contained pull request's own
  ``sastflow/security-approval`` status on its head is ``success`` (what the pull-request job
  decided and review events re-evaluated), and every blocking finding of the merged result lies
  in a file that a pull request changed whose head a security code owner approved: a finding
  that only the combination produces, or one in a pull request that nobody approved, fails it.

A pull request merged with the rebase method leaves no number in the queue's commits; each
pull request is then still checked by its own merge group (the one named after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sastflow import report_files, trust
from sastflow.errors import ExitCode, GitHubError, UsageError
from sastflow.github import step_files
from sastflow.github.approval import CONTEXT, ApprovalState
from sastflow.github.client import GitHubClient, RemotePull
from sastflow.github.context import read_context
from sastflow.github.env import ActionsEnv, PullRequest
from sastflow.github.merge_queue import (
    MAX_PULLS,
    MergeGroup,
    numbers_in_messages,
    read_merge_group,
)
from sastflow.model import ScanReport
from sastflow.render.view import Row, Summary, summarise


@dataclass(frozen=True, slots=True)
class Contained:
    """One pull request of the group, as the API shows it now."""

    pull: PullRequest
    status: str | None  # its own sastflow/security-approval on its head; None: never set
    approved: bool  # a security code owner approved its head
    files: frozenset[str]


@dataclass(frozen=True, slots=True)
class Verdict:
    state: str  # success or failure
    description: str
    approval: ApprovalState


def decide(report: ScanReport, pulls: list[Contained], rows: Sequence[Row]) -> Verdict:
    """The group's status from its scan (``rows``: its row view) and the pull requests it
    contains."""
    names = ", ".join(f"#{c.pull.number}" for c in pulls)
    unready = [c for c in pulls if c.status != "success"]
    if unready:
        shown = ", ".join(f"#{c.pull.number} ({c.status or 'not set'})" for c in unready)
        return Verdict(
            "failure",
            f"{CONTEXT} is not success on the head of {shown}",
            ApprovalState.REQUIRED,
        )
    covered = frozenset().union(*(c.files for c in pulls if c.approved))
    blocking = [r for r in rows if r.blocking and not r.status.silenced]
    uncovered = [r for r in blocking if r.path not in covered]
    if uncovered:
        return Verdict(
            "failure",
            f"{len(uncovered)} blocking finding(s) of the merged result lie outside what a "
            f"security code owner approved in {names}",
            ApprovalState.REQUIRED,
        )
    if blocking:
        return Verdict(
            "success",
            f"{len(blocking)} blocking finding(s), approved in {names}",
            ApprovalState.APPROVED,
        )
    return Verdict(
        "success", f"nothing needs security approval in {names}", ApprovalState.NOT_REQUIRED
    )


def contained_pulls(
    client: GitHubClient,
    env: ActionsEnv,
    group: MergeGroup,
    root: Path,
    owners_rev: str,
    config_ledger: str,
    security_owners: tuple[str, ...],
    bot_login: str | None,
    notes: list[str],
) -> list[Contained]:
    owners = trust.security_owners(root, owners_rev, config_ledger, security_owners)
    numbers = [group.number, *numbers_in_messages(root, group.base_sha, group.head_sha)]
    found: list[Contained] = []
    for number in dict.fromkeys(numbers):
        if len(found) >= MAX_PULLS:
            break
        remote = client.get_pull(number) if number == group.number else _maybe_pull(client, number)
        if remote is None or remote.state != "open" or remote.pull.base_ref != group.base_ref:
            if number == group.number:
                raise UsageError(
                    f"merge_group.head_ref names pull request #{number}, which is not open "
                    f"against {group.base_ref}"
                )
            notes.append(f"#{number} is named in a queued commit but is not an open pull "
                         f"request against {group.base_ref}: left out")  # fmt: skip
            continue
        pull = remote.pull
        ctx, _ = read_context(client, env.repository, pull, owners, bot_login=bot_login, root=root)
        status = client.latest_status(pull.head_sha, CONTEXT)
        files = frozenset(client.file_patches(number))
        found.append(Contained(pull, status[0] if status else None, ctx.decision.approved, files))
    return found


def _maybe_pull(client: GitHubClient, number: int) -> RemotePull | None:
    try:
        return client.get_pull(number)
    except GitHubError:
        return None


@dataclass(frozen=True, slots=True)
class QueueJob:
    """What the pull-request job hands over for a ``merge_group`` event."""

    env: ActionsEnv
    client: GitHubClient | None  # None: a dry run
    root: Path
    today: dt.date
    out: TextIO
    log: Callable[[str], None]


def check_merge_group(
    job: QueueJob,
    *,
    config_file: Path | None,
    overrides: Mapping[str, Any],
    sarif: Path | None,
    markdown: Path | None,
    html: Path | None,
    jobs: int | None,
    bot_login: str | None,
    progress: Callable[[str], None] | None = None,
) -> int:
    from sastflow.pipeline import ScanOptions, run_scan

    env, client, root = job.env, job.client, job.root
    group = read_merge_group(env.event_path)
    as_pull = PullRequest(
        number=group.number,
        head_sha=group.head_sha,
        base_sha=group.base_sha,
        head_ref=group.head_ref,
        base_ref=group.base_ref,
        author="",
        fork=False,
    )
    base = trust.pull_commits(
        root, as_pull.base_sha, as_pull.base_ref, as_pull.head_sha, as_pull.head_ref
    ).base
    config = trust.config_at(root, base, config_file, overrides)
    notes: list[str] = []
    pulls: list[Contained] = []
    api_error: GitHubError | None = None
    if client is not None:
        try:
            pulls = contained_pulls(
                client, env, group, root, base, config.ledger,
                tuple(config.security_owners), bot_login, notes,
            )  # fmt: skip
        except GitHubError as exc:
            api_error = exc
            notes.append(f"the GitHub API failed, the status was not set: {exc}")
    approved = bool(pulls) and all(c.approved for c in pulls)
    report = run_scan(
        ScanOptions(
            root=root,
            config=config,
            base=group.base_sha,
            head=group.head_sha,
            # Ledger entries and suppressions the queued pull requests add take effect only
            # when a security code owner approved every one of them.
            security_approved=approved,
            today=job.today,
            jobs=jobs,
        ),
        progress,
    )
    summary = summarise(report)  # the one row view the reports, the verdict and the outputs read
    report_files.write_outputs(report, sarif=sarif, markdown=markdown, html=html, summary=summary)
    verdict = (
        decide(report, pulls, summary.rows) if client is not None and api_error is None else None
    )
    shown = verdict.approval if verdict is not None else ApprovalState.UNKNOWN
    if verdict is not None and client is not None:
        try:
            client.create_status(group.head_sha, verdict.state, CONTEXT, verdict.description)
        except GitHubError as exc:
            api_error = exc
            notes.append(f"the GitHub API failed, the status was not set: {exc}")
    _write_local(job, report, group, pulls, verdict, notes, summary)
    step_files.append_github_outputs(
        {
            "sarif-file": str(sarif) if sarif is not None else "",
            **step_files.counts(report, summary.rows),
            "approval-state": shown.value,
        },
        env.output,
    )
    where = f"the merge group {group.head_sha[:12]}"
    if verdict is None:
        job.log(f"sastflow: {CONTEXT} on {where}: not set ({'; '.join(notes) or 'dry run'})")
    else:
        job.log(f"sastflow: {CONTEXT} on {where}: {verdict.state} ({verdict.description})")
    if api_error is not None:
        raise api_error
    if report.incomplete:
        return int(ExitCode.ENGINE)
    if verdict is None:  # a dry run: the gate alone
        return int(ExitCode.FINDINGS if report.blocking else ExitCode.OK)
    return int(ExitCode.OK if verdict.state == "success" else ExitCode.FINDINGS)


def _write_local(
    job: QueueJob,
    report: ScanReport,
    group: MergeGroup,
    pulls: list[Contained],
    verdict: Verdict | None,
    notes: list[str],
    summary: Summary,
) -> None:
    from sastflow.render.annotations import workflow_commands
    from sastflow.render.escape import md_text
    from sastflow.render.markdown import render_markdown

    for line in workflow_commands(report, rows=summary.rows):
        print(line, file=job.out, flush=True)
    lines = ["", f"### sastflow on the merge group `{group.head_sha[:12]}` ({group.base_ref})", ""]
    for c in pulls:
        approval = "approved by a security code owner" if c.approved else "no security approval"
        lines.append(f"- #{c.pull.number}: `{CONTEXT}` {c.status or 'not set'}; {approval}")
    if verdict is not None:
        lines.append(
            f"- `{CONTEXT}` on the merge group: **{verdict.state}**: {md_text(verdict.description)}"
        )
    for note in notes:
        lines.append(f"- {md_text(note, limit=600)}")
    section = "\n".join(lines) + "\n"
    if job.env.step_summary is not None:
        room = step_files.STEP_SUMMARY_BYTES - len(section.encode("utf-8"))
        markdown = render_markdown(report, max_bytes=room, summary=summary)
        step_files.append_text(job.env.step_summary, markdown + section)
