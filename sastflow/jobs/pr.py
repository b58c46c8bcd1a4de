"""The pull-request job end to end: environment → approval → scan → local outputs → publish.

The approval is read *before* the scan, because a security code owner's approval of the head
is what lets the PR's pending ledger entries and inline suppressions take effect
(``ScanOptions.security_approved``). Everything that decides what is reported, including the
config, CODEOWNERS and the ledger, is read from the merge base of the PR, never from its head.

Local outputs (SARIF, Markdown, HTML, the step summary, ``::error`` annotations and
``GITHUB_OUTPUT``) are written whatever happens on the API side: a read-only token posts
nothing and says so; an API failure is raised (exit 3) only after they are written.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from sastflow import clock, gitio, report_files, trust
from sastflow.config import Config
from sastflow.errors import ExitCode, GitHubError, UsageError
from sastflow.github import markers, step_files
from sastflow.github.approval import (
    UNEVALUATED,
    Decision,
)
from sastflow.github.artifact import read_artifact
from sastflow.github.client import ClientSettings, GitHubClient
from sastflow.github.context import read_context
from sastflow.github.diffmap import DiffMap, added_lines, from_patches
from sastflow.github.env import (
    LOGIN,
    ActionsEnv,
    Event,
    EventKind,
    PullRequest,
    read_env,
    read_event,
)
from sastflow.github.owners import SecurityOwners
from sastflow.github.publish import (
    Publication,
    PublishOptions,
    PullContext,
    own_summary,
    publish,
    reevaluate,
    shown_approval,
)
from sastflow.github.review import HARD_MAX_INLINE, Where
from sastflow.model import ScanReport
from sastflow.render.view import Row, Summary, summarise


@dataclass(frozen=True, slots=True)
class JobOptions:
    dry_run: bool = False
    sarif: Path | None = None
    markdown: Path | None = None
    html: Path | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)  # Config field names
    config_file: Path | None = None
    max_inline_comments: int | None = None
    bot_login: str | None = None
    client: ClientSettings = field(default_factory=ClientSettings)
    jobs: int | None = None
    today: dt.date | None = None
    from_artifact: Path | None = None  # workflow_run: post a fork run's artifact


@dataclass
class _Run:
    """What the job learns as it goes (mutable: one per run, never shared)."""

    env: ActionsEnv
    event: Event
    options: JobOptions
    out: TextIO
    err: TextIO
    notes: list[str] = field(default_factory=list)
    api_error: GitHubError | None = None

    def log(self, message: str) -> None:
        print(message, file=self.err, flush=True)


# Credentials the job's environment may hold. Once the token is in a Secret, none of them is
# needed, and the processes sastflow starts (git, Semgrep, Bandit: parsers of attacker-written
# code) must not inherit them.
_CREDENTIALS = (
    "GITHUB_TOKEN",
    "INPUT_GITHUB-TOKEN",
    "INPUT_GITHUB_TOKEN",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
)


def _drop_credentials(environ: MutableMapping[str, str]) -> None:
    for name in _CREDENTIALS:
        environ.pop(name, None)


# --- the job -----------------------------------------------------------------------------------


def _pull(run: _Run, client: GitHubClient | None) -> PullRequest:
    if run.event.pull is not None:
        return run.event.pull
    if client is None:
        raise UsageError(
            f"workflow_dispatch: reading pull request #{run.event.number} needs the API; set "
            "GITHUB_TOKEN"
        )
    return client.get_pull(run.event.number).pull


def _effective_cap(run: _Run, config: Config) -> int:
    if run.options.max_inline_comments is not None:
        return run.options.max_inline_comments
    if config.max_inline_comments > HARD_MAX_INLINE:
        run.notes.append(
            f"{config.source}: max_inline_comments {config.max_inline_comments} is above "
            f"GitHub's advice of {HARD_MAX_INLINE} per review; using {HARD_MAX_INLINE}"
        )
        return HARD_MAX_INLINE
    return config.max_inline_comments


def run_job(
    options: JobOptions,
    environ: Mapping[str, str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    progress: Callable[[str], None] | None = None,
) -> int:
    env = read_env(os.environ if environ is None else environ)
    if environ is None:
        _drop_credentials(os.environ)
    event = read_event(env)
    run = _Run(env, event, options, out or sys.stdout, err or sys.stderr)
    if options.bot_login is not None and not LOGIN.fullmatch(options.bot_login):
        raise UsageError(f"--bot-login: {options.bot_login!r} is not a GitHub login")
    publisher = event.kind is EventKind.WORKFLOW_RUN
    if publisher != (options.from_artifact is not None):
        raise UsageError(
            "--from-artifact DIR and a workflow_run event go together: the fork publisher "
            f"posts a fork run's artifact (this is a {event.kind.value} event)"
        )
    if (not options.dry_run or publisher) and env.token is None:
        raise UsageError(
            "GITHUB_TOKEN is not set: give the job a token (the action's `github-token` "
            "input or `GITHUB_TOKEN`), or use --dry-run"
        )
    root = (env.workspace or Path.cwd()).resolve()
    if not gitio.is_repo(root):
        raise UsageError(f"{root}: not a git repository (GITHUB_WORKSPACE must be the checkout)")
    today = options.today or clock.today()

    client: GitHubClient | None = None
    if env.token is not None and (publisher or not options.dry_run):
        client = GitHubClient(env.api_url, env.repository, env.token, options.client)
    try:
        if event.kind is EventKind.MERGE_GROUP:
            return _merge_group(run, client, root, today, progress)
        folder, head = options.from_artifact, event.run_head_sha
        if folder is not None and head is not None and client is not None:
            return _publish_artifact(run, client, root, today, folder, head)
        return _scan_and_publish(run, client, root, today, progress)
    finally:
        if client is not None:
            client.close()


def _merge_group(
    run: _Run,
    client: GitHubClient | None,
    root: Path,
    today: dt.date,
    progress: Callable[[str], None] | None,
) -> int:
    from sastflow.jobs.merge_queue import QueueJob, check_merge_group

    options = run.options
    return check_merge_group(
        QueueJob(run.env, client, root, today, run.out, run.log),
        config_file=options.config_file,
        overrides=options.overrides,
        sarif=options.sarif,
        markdown=options.markdown,
        html=options.html,
        jobs=options.jobs,
        bot_login=options.bot_login,
        progress=progress,
    )


def _scan_and_publish(
    run: _Run,
    client: GitHubClient | None,
    root: Path,
    today: dt.date,
    progress: Callable[[str], None] | None,
) -> int:
    from sastflow.pipeline import ScanOptions, run_scan

    env, event, options = run.env, run.event, run.options
    pull = _pull(run, client)
    commits = trust.pull_commits(root, pull.base_sha, pull.base_ref, pull.head_sha, pull.head_ref)
    base = commits.base
    config = trust.config_at(root, base, options.config_file, options.overrides)
    cap = _effective_cap(run, config)
    owners = trust.security_owners(root, base, config.ledger, config.security_owners)
    _check_worktree(run, root, pull)

    ctx = _offline_context(env, pull, owners, options)
    if client is not None:
        try:
            ctx, notes = read_context(
                client,
                env.repository,
                pull,
                owners,
                bot_login=options.bot_login,
                root=root,
                pushers=_event_pushers(event),
            )
            run.notes.extend(notes)
        except GitHubError as exc:  # outputs first, then exit 3
            run.api_error = exc
            client = None
            run.notes.append(f"the GitHub API failed, nothing was posted: {exc}")

    # A fork's run cannot post; the fork publisher needs its SARIF, so it always scans.
    if client is not None and event.kind is EventKind.PULL_REQUEST_REVIEW and not pull.fork:
        done = _review_event(run, client, ctx)
        if done is not None:
            return done

    report = run_scan(
        ScanOptions(
            root=root,
            config=config,
            base=pull.base_sha,
            head=pull.head_sha,
            commits=commits,
            security_approved=ctx.decision.approved,
            today=today,
            jobs=options.jobs,
        ),
        progress,
    )
    added = functools.partial(added_lines, root, base, pull.head_sha)
    publication = _report_and_publish(run, report, ctx, client, added, cap, config, today)
    if options.dry_run:
        _print_dry_run(run, publication)
    if run.api_error is not None:
        raise run.api_error
    return _exit_code(report, ctx.decision)


def _publish_artifact(
    run: _Run, client: GitHubClient, root: Path, today: dt.date, folder: Path, head: str
) -> int:
    """The fork publisher: post a fork run's (untrusted) artifact, gate on approval only."""
    env, options = run.env, run.options
    artifact = read_artifact(folder, run_head_sha=head)
    numbers = client.open_pulls_with_head(head)
    if artifact.number not in numbers:
        found = ", ".join(f"#{n}" for n in numbers) or "no open pull request"
        raise UsageError(
            f"--from-artifact {folder}: the artifact names pull request "
            f"#{artifact.number}, but {head[:12]} is the head of {found} (the artifact is "
            "rejected)"
        )
    pull = client.get_pull(artifact.number).pull
    if pull.head_sha != head:
        run.notes.append(
            f"the pull request has moved on to {pull.head_sha[:12]}; these results are for "
            f"{head[:12]}"
        )
        pull = replace(pull, head_sha=head)
    # Trusted inputs come from this job's own checkout (the base repository's default branch).
    config = trust.config_at(root, "HEAD", options.config_file, options.overrides)
    cap = _effective_cap(run, config)
    owners = trust.security_owners(root, "HEAD", config.ledger, config.security_owners)
    ctx, notes = read_context(client, env.repository, pull, owners, bot_login=options.bot_login)
    ctx = replace(ctx, trusted_results=False)
    run.notes.extend(notes)
    run.notes.append(
        "these results come from the fork's own workflow run, which its author controls: "
        "they cannot clear the security-approval gate without a security code owner's approval"
    )
    # The gate's threshold is the base's, never the artifact's.
    report = replace(artifact.report, fail_on=config.fail_on)
    added = functools.partial(_patched_lines, client, pull.number)
    _report_and_publish(run, report, ctx, client, added, cap, config, today)
    if run.api_error is not None:
        raise run.api_error
    return _exit_code(report, ctx.decision)


def _event_pushers(event: Event) -> tuple[str, ...]:
    """The sender of a ``synchronize`` event is who pushed the head."""
    if (
        event.kind in (EventKind.PULL_REQUEST, EventKind.PULL_REQUEST_TARGET)
        and event.action == "synchronize"
        and event.sender
    ):
        return (event.sender,)
    return ()


def _offline_context(
    env: ActionsEnv, pull: PullRequest, owners: SecurityOwners, options: JobOptions
) -> PullContext:
    return PullContext(
        repository=env.repository,
        pull=pull,
        identity=markers.Identity(options.bot_login or markers.ACTIONS_BOT),
        owners=owners,
        decision=UNEVALUATED,
    )


def _check_worktree(run: _Run, root: Path, pull: PullRequest) -> None:
    head = gitio.rev_parse(root, "HEAD")
    if head is not None and head != pull.head_sha:
        run.notes.append(
            f"the work tree is at {head[:12]}, not the pull request's head {pull.head_sha[:12]}: "
            "check out the head (actions/checkout `ref: ${{ github.event.pull_request.head.sha "
            "}}`) so that line numbers match the diff"
        )


def _patched_lines(client: GitHubClient, number: int) -> DiffMap:
    return from_patches(client.file_patches(number))


def _report_and_publish(
    run: _Run,
    report: ScanReport,
    ctx: PullContext,
    client: GitHubClient | None,
    added: Callable[[], DiffMap],
    cap: int,
    config: Config,
    today: dt.date,
) -> Publication:
    """The report files, the review and the step files, all from one row view of ``report``.
    ``added``: the pull request's added lines, read once the report files are written (they
    are written whatever happens next)."""
    options = run.options
    summary = summarise(report)
    report_files.write_outputs(
        report,
        sarif=options.sarif,
        markdown=options.markdown,
        html=options.html,
        summary=summary,
    )
    diff = added()
    publication = _publish(run, report, summary.rows, ctx, client, diff, cap, config, today)
    _finish_outputs(run, report, ctx, publication, summary)
    return publication


def _publish(
    run: _Run,
    report: ScanReport,
    rows: Sequence[Row],
    ctx: PullContext,
    client: GitHubClient | None,
    diff: DiffMap,
    cap: int,
    config: Config,
    today: dt.date,
) -> Publication:
    options = PublishOptions(
        cap=cap, today=today, max_expiry_days=config.max_expiry_days, notes=tuple(run.notes)
    )
    try:
        publication = publish(report, ctx, client, diff, options, log=run.log, rows=rows)
    except GitHubError as exc:
        run.api_error = exc
        run.notes.append(f"the GitHub API failed, the review may be incomplete: {exc}")
        publication = publish(report, ctx, None, diff, options, rows=rows)
    return replace(publication, notes=(*run.notes, *publication.notes))


def _review_event(run: _Run, client: GitHubClient, ctx: PullContext) -> int | None:
    """Re-evaluate the gate from the previous run's counts; None when a scan is needed: no
    stored state for this head, an incomplete run, an approval that makes pending entries
    take effect, or counts that would let the gate pass without an approval."""
    summary = own_summary(client.list_issue_comments(ctx.pull.number), ctx.identity)
    state = markers.read_state(summary.body) if summary is not None else None
    if summary is None or state is None or state.head != ctx.pull.head_sha or state.incomplete:
        return None
    if ctx.decision.approved and (state.pending_ledger or state.pending_inline):
        return None  # the approval makes pending entries take effect: scan again
    if not ctx.decision.approved and state.needs_approval == 0:
        # Stored counts may only keep the gate closed: any workflow using GITHUB_TOKEN writes
        # as the same bot and could forge "nothing blocks". A success needs a scan (or an
        # owner's approval, which does not depend on the counts).
        return None
    status, posted = reevaluate(client, ctx, state, summary, log=run.log)
    lines = [
        f"### sastflow: security approval {status.state}",
        "",
        f"Re-evaluated on a review without scanning again (head `{ctx.pull.head_sha[:12]}` "
        f"unchanged): {status.description}.",
    ]
    if not posted:
        lines.append("")
        lines.append("The token may not write here: the status was not updated.")
    step_files.append_text(run.env.step_summary, "\n".join(lines) + "\n")
    step_files.append_github_outputs(
        {
            # No scan ran: no SARIF, and only the counts the previous run stored.
            "sarif-file": "",
            "findings": "",
            "new": state.new,
            "blocking": state.blocking,
            "new-findings": state.new,
            "blocking-findings": state.blocking,
            "approval-state": status.approval.value,
        },
        run.env.output,
    )
    run.log(f"sastflow: security approval: {status.state} ({status.description})")
    return int(ExitCode.FINDINGS if state.blocking and not ctx.decision.approved else ExitCode.OK)


def _exit_code(report: ScanReport, decision: Decision) -> int:
    if report.incomplete:
        return int(ExitCode.ENGINE)
    if report.blocking and not decision.approved:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)


# --- local outputs -----------------------------------------------------------------------------


def _pr_section(ctx: PullContext, publication: Publication) -> str:
    from sastflow.render.escape import md_text

    status = publication.status
    state = shown_approval(ctx, status)
    lines = [
        "",
        "### sastflow on the pull request",
        "",
        f"- Security approval (`sastflow/security-approval`): **{status.state}**: "
        f"{md_text(status.description)} ({state.value})",
    ]
    inline = sum(1 for w in publication.plan.where.values() if w is Where.INLINE)
    if publication.posted:
        lines.append(f"- Inline comments posted: {inline}; the summary comment lists all.")
    for note in publication.notes:
        lines.append(f"- {md_text(note, limit=600)}")
    return "\n".join(lines) + "\n"


def _finish_outputs(
    run: _Run,
    report: ScanReport,
    ctx: PullContext,
    publication: Publication,
    summary: Summary,
) -> None:
    from sastflow.render.annotations import workflow_commands
    from sastflow.render.escape import log_text
    from sastflow.render.markdown import render_markdown

    for line in workflow_commands(report, rows=summary.rows):
        print(line, file=run.out, flush=True)
    section = _pr_section(ctx, publication)
    room = step_files.STEP_SUMMARY_BYTES - len(section.encode("utf-8"))
    if run.env.step_summary is not None:
        markdown = render_markdown(report, max_bytes=room, summary=summary)
        step_files.append_text(run.env.step_summary, markdown + section)
    state = shown_approval(ctx, publication.status)
    # Counted as the summary comment and the status count them: one per cross-engine group.
    step_files.append_github_outputs(
        {
            "sarif-file": str(run.options.sarif) if run.options.sarif is not None else "",
            **step_files.counts(report, summary.rows),
            "approval-state": state.value,
        },
        run.env.output,
    )
    for note in publication.notes:
        run.log(f"sastflow: {log_text(note)}")
    for failure in report.failures:
        run.log(f"sastflow: error: {log_text(failure.detail)}")
    run.log(
        f"sastflow: {len(publication.plan.rows)} new finding(s), "
        f"{publication.state.blocking} blocking; security approval: "
        f"{publication.status.state} ({publication.status.description})"
    )


def _print_dry_run(run: _Run, publication: Publication) -> None:
    out = run.out
    pull = run.event.pull
    number = pull.number if pull is not None else run.event.number
    print(f"sastflow pr --dry-run: nothing is posted (pull request #{number})", file=out)
    print("", file=out)
    inline = publication.plan.inline
    if inline:
        print(f"=== review (event COMMENT) with {len(inline)} inline comment(s) ===", file=out)
        print(publication.review_body, file=out)
        for planned in inline:
            print(f"--- {planned.comment.path}:{planned.comment.line} (RIGHT) ---", file=out)
            print(planned.comment.body, file=out)
    else:
        print("=== no review: no new finding on a line this pull request adds ===", file=out)
    print("", file=out)
    print("=== summary comment ===", file=out)
    print(publication.summary, file=out)
    print("", file=out)
    status = publication.status
    print(
        f"=== status sastflow/security-approval: {status.state} ({status.description}) ===",
        file=out,
    )


__all__ = ["JobOptions", "run_job"]
