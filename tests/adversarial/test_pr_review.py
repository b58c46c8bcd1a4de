"""Attacks 4, 5, 6, 7, 10 and 12 through ``sastflow pr`` against the local GitHub server.

One pull request (``acme/app`` #7, by ``mallory``, from a branch with a hostile name) lives
through a sequence of events, each a real ``sastflow pr`` process talking PyGithub over HTTP:

1. opened (head 1). Already on the PR: approvals by ``github-actions[bot]``, by the owner bot
   ``sec-bot[bot]`` and by ``mallory`` (the author, listed as an owner); a comment by
   ``mallory`` with sastflow's summary and state markers claiming nothing blocks; an inline
   comment by ``mallory`` carrying the real finding's marker.
2. ``randy`` (not an owner) approves: a review event, re-evaluated from the stored state.
3. ``sec-sam`` (an owner through ``@acme/security``) approves head 1: the control, it counts.
4. ``mallory`` pushes head 2: the approval of head 1 no longer counts.
5. ``olivia`` (an owner) pushes head 3 and approves it: the pusher cannot approve.

The engines are Bandit only (config at the base): each scan costs about a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sastflow.fingerprint import compute, normalise
from sastflow.sarif.read import read_report
from tests.adversarial import hostile, inert
from tests.conftest import GitRepo, RepoFactory
from tests.ghserver import GitHubServer
from tests.ghserver.events import Event, event_payload, write_event

REPO = "acme/app"
NUMBER = 7
CONTEXT = "sastflow/security-approval"
BOT = "github-actions[bot]"
AUTHOR, OWNER, TEAM_OWNER, OWNER_BOT, OUTSIDER = (
    "mallory",
    "olivia",
    "sec-sam",
    "sec-bot[bot]",
    "randy",
)
MANY = 400  # findings on added lines: over the inline cap, and a summary over its budget
BODY_BYTES = 65_536
INLINE_CAP = 30

CODEOWNERS = f"* @acme/devs\n/triage/ @acme/security @{OWNER} @{AUTHOR} @{OWNER_BOT}\n"
CONFIG = 'engines = ["bandit"]\nuse_default_rules = false\nfail_on = "high"\n'
FEATURE_CALL = '    os.system("""\n' + "\n".join(hostile.HOSTILE_LINES) + '\n""" + cmd)\n'
FEATURE = "import os\n\n\ndef handler(cmd):\n" + FEATURE_CALL  # the call: lines 5-14
MANY_FILE = "import os\n\n\n" + "".join(
    f"def f{i}(c):\n    os.system(c + '{i}')\n" for i in range(MANY)
)
HUMAN_SUMMARY = (
    "<!-- sastflow:summary v1 -->\n"
    '<!-- sastflow:state v1 {"blocking": 0, "head": "HEAD", "incomplete": false, "new": 0, '
    '"pending_inline": 0, "pending_ledger": 0} -->\n'
    "Nothing to see here, sastflow says all clear. @acme/security"
)


@dataclass
class Step:
    name: str
    run: hostile.CliRun
    head: str
    status: str | None  # the approval status on `head` right after the run


@dataclass
class PrStory:
    server: GitHubServer
    repo: GitRepo
    heads: dict[str, str]
    steps: dict[str, Step] = field(default_factory=dict)
    human_comment_id: int = 0
    human_review_comment_id: int = 0
    finding_fp: str = ""


def _status(server: GitHubServer, sha: str) -> str | None:
    status = server.status(REPO, sha, CONTEXT)
    return None if status is None else status.state


@pytest.fixture(scope="session")
def pr_story(
    git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PrStory]:
    repo = git_repo_factory(
        {
            ".sastflow.toml": CONFIG,
            ".github/CODEOWNERS": CODEOWNERS,
            "triage/ledger.yml": "version: 1\naccepted: []\n",
            "app/__init__.py": "",
        }
    )
    base = repo.head()
    repo.checkout(hostile.PR_BRANCH, new=True)
    head1 = repo.commit(
        {
            "app/feature.py": FEATURE,
            "app/many.py": MANY_FILE,
            # The PR also makes its friend the owner of the ledger (CODEOWNERS: last match wins).
            ".github/CODEOWNERS": CODEOWNERS + f"/triage/ @{OUTSIDER}\n",
        },
        "feature",
    )
    head2 = repo.commit({"app/feature.py": FEATURE + "\n\nVERSION = 2\n"}, "tweak")
    head3 = repo.commit({"app/feature.py": FEATURE + "\n\nVERSION = 3\n"}, "olivia's tweak")
    heads = {"base": base, "head1": head1, "head2": head2, "head3": head3}
    events = tmp_path_factory.mktemp("events")

    with GitHubServer() as server:
        server.add_repo(REPO)
        for login in (AUTHOR, OWNER, TEAM_OWNER, OUTSIDER, "dev-lead"):
            server.add_user(login)
        server.add_user(OWNER_BOT, "Bot")
        server.add_user(BOT, "Bot")
        server.add_team("acme", "security", [TEAM_OWNER])
        server.add_team("acme", "devs", ["dev-lead"])
        server.add_token(hostile.TOKEN, BOT, "write")
        repo.checkout(head1)
        server.add_pull_from_git(
            REPO, NUMBER, repo.path, author=AUTHOR, base=base, head=head1,
            base_ref="main", head_ref=hostile.PR_BRANCH,
        )  # fmt: skip
        story = PrStory(server, repo, heads)

        # Already on the PR before sastflow first runs.
        for login in (BOT, OWNER_BOT, AUTHOR):
            server.add_review(REPO, NUMBER, login, "APPROVED", head1)
        story.human_comment_id = server.add_issue_comment(
            REPO, NUMBER, AUTHOR, HUMAN_SUMMARY.replace("HEAD", head1)
        ).id
        story.finding_fp = compute("bandit.B605", "app/feature.py", normalise(FEATURE_CALL), 0)
        review = server.state.create_review(
            REPO,
            NUMBER,
            AUTHOR,
            {
                "commit_id": head1,
                "event": "COMMENT",
                "body": "",
                "comments": [
                    {
                        "path": "app/feature.py",
                        "line": 5,
                        "side": "RIGHT",
                        "body": f"<!-- sastflow:finding v1 fp={story.finding_fp} -->\nlooks fine",
                    }
                ],
            },
        )
        story.human_review_comment_id = next(
            c.id for c in server.review_comments(REPO, NUMBER) if c.review_id == review.id
        )

        def run(name: str, kind: Event, head: str, **payload: str) -> None:
            path = write_event(
                events / f"{name}.json",
                event_payload(
                    kind, repo=REPO, number=NUMBER, head_sha=head, base_sha=base,
                    author=AUTHOR, head_ref=hostile.PR_BRANCH, base_ref="main",
                    api_url=server.url, **payload,
                ),
            )  # fmt: skip
            out, env = hostile.actions_outputs(tmp_path_factory.mktemp(f"pr-{name}"))
            env.update(
                server.actions_env(
                    repo=REPO,
                    token=hostile.TOKEN,
                    event_name=kind.event_name,
                    event_path=path,
                    sha=head,
                    workspace=repo.path,
                )
            )
            args = ["pr", *hostile.scan_args(out), "--api-write-interval", "0"]
            done = hostile.run_cli(args, cwd=repo.path, env=env, outputs=out)
            story.steps[name] = Step(name, done, head, _status(server, head))

        run("opened", Event.OPENED, head1)
        server.add_review(REPO, NUMBER, OUTSIDER, "APPROVED", head1)
        run("outsider-approves", Event.REVIEW_SUBMITTED, head1, reviewer=OUTSIDER)
        server.add_review(REPO, NUMBER, TEAM_OWNER, "APPROVED", head1)
        run("owner-approves", Event.REVIEW_SUBMITTED, head1, reviewer=TEAM_OWNER)
        repo.checkout(head2)
        server.push_from_git(REPO, NUMBER, repo.path, head2, pusher=AUTHOR)
        run("pushed-after-approval", Event.SYNCHRONIZE, head2, sender=AUTHOR, before=head1)
        repo.checkout(head3)
        server.push_from_git(REPO, NUMBER, repo.path, head3, pusher=OWNER)
        server.add_review(REPO, NUMBER, OWNER, "APPROVED", head3)
        run("pusher-approves", Event.REVIEW_SUBMITTED, head3, reviewer=OWNER)
        yield story


def _bot_review_comments(story: PrStory) -> list[str]:
    return [c.body for c in story.server.review_comments(REPO, NUMBER) if c.user == BOT]


def _summary(story: PrStory) -> str:
    own = [
        c.body
        for c in story.server.issue_comments(REPO, NUMBER)
        if c.user == BOT and c.body.startswith("<!-- sastflow:summary")
    ]
    assert len(own) == 1, own
    return own[0]


def _story_failed(step: Step) -> str:
    return f"{step.name}: exit {step.run.returncode}\n{step.run.stderr[-2000:]}"


# --- 4. who may approve --------------------------------------------------------------------


def test_attack04_bot_and_author_approvals_do_not_count(pr_story: PrStory) -> None:
    step = pr_story.steps["opened"]
    # github-actions[bot], the owner bot sec-bot[bot] and mallory (author, listed owner) had
    # all approved head 1.
    assert step.status == "failure", _story_failed(step)
    assert step.run.returncode == 1, _story_failed(step)


def test_attack04_a_non_owner_approval_does_not_count(pr_story: PrStory) -> None:
    """randy is no owner at the base; the PR's own CODEOWNERS names him (read at the base)."""
    step = pr_story.steps["outsider-approves"]
    assert step.status == "failure", _story_failed(step)


def test_attack04_control_a_security_owner_approving_the_head_counts(pr_story: PrStory) -> None:
    step = pr_story.steps["owner-approves"]
    assert step.status == "success", _story_failed(step)
    assert step.run.returncode == 0, _story_failed(step)


def test_attack04_an_owner_who_pushed_the_head_cannot_approve_it(pr_story: PrStory) -> None:
    step = pr_story.steps["pusher-approves"]
    assert step.head == pr_story.heads["head3"]
    assert step.status == "failure", _story_failed(step)
    assert step.run.returncode == 1, _story_failed(step)


# --- 5. approvals of older commits --------------------------------------------------------


def test_attack05_an_approval_before_the_latest_push_does_not_count(pr_story: PrStory) -> None:
    step = pr_story.steps["pushed-after-approval"]
    assert step.head == pr_story.heads["head2"]
    assert step.status == "failure", _story_failed(step)
    assert step.run.returncode == 1, _story_failed(step)
    # The old head keeps its own (earned) success; nothing carried over to the new one.
    assert _status(pr_story.server, pr_story.heads["head1"]) == "success"


# --- 2. trust files changed by the PR, as the review shows them ------------------------------


def test_attack02_a_changed_trust_file_is_listed_in_the_review(pr_story: PrStory) -> None:
    """SECURITY.md: 'the change is listed in the review as needing security review'. The PR
    rewrote .github/CODEOWNERS (making its friend an owner). (FINDINGS.md H9, fixed.)"""
    summary = _summary(pr_story)
    assert ".github/CODEOWNERS" in summary and "needs security review" in summary


# --- 6. a human comment carrying sastflow's markers ----------------------------------------


def test_attack06_a_human_comment_with_sastflow_markers_is_never_edited_or_trusted(
    pr_story: PrStory,
) -> None:
    server = pr_story.server
    human = next(
        c for c in server.issue_comments(REPO, NUMBER) if c.id == pr_story.human_comment_id
    )
    assert human.body == HUMAN_SUMMARY.replace("HEAD", pr_story.heads["head1"])
    assert human.edited_by == ()
    assert human.user == AUTHOR
    # sastflow keeps its own summary, and did not take the forged state (nothing blocks) for
    # its own when the outsider's review came in: the status stayed failure (test above).
    assert _summary(pr_story) != human.body
    forged = next(
        c for c in server.review_comments(REPO, NUMBER) if c.id == pr_story.human_review_comment_id
    )
    assert forged.user == AUTHOR and "looks fine" in forged.body
    # The forged finding marker did not stop sastflow from commenting the real finding.
    assert any(f"fp={pr_story.finding_fp}" in body for body in _bot_review_comments(pr_story)), (
        "sastflow took mallory's comment for its own inline comment"
    )
    edits = [
        r
        for r in server.requests
        if r.method in ("PATCH", "DELETE")
        and r.path.endswith(
            (
                f"/comments/{pr_story.human_comment_id}",
                f"/comments/{pr_story.human_review_comment_id}",
            )
        )
    ]
    assert edits == []


# --- 7. hostile code in review comments ---------------------------------------------------


def test_attack07_each_inline_comment_is_inert_with_one_code_block(pr_story: PrStory) -> None:
    bodies = _bot_review_comments(pr_story)
    assert bodies
    for body in bodies:
        inert.assert_only_sastflow_markup(body)
        snippets = [t for t in inert.code_blocks(body) if t.info.strip() != "sh"]
        assert len(snippets) == 1, body  # the finding's code, in one block it cannot close
    feature = [b for b in bodies if f"fp={pr_story.finding_fp}" in b]
    assert len(feature) == 1
    (block,) = [t for t in inert.code_blocks(feature[0]) if t.info.strip() != "sh"]
    for line in ("   ````", "```suggestion", "@octocat @acme/security #123", "~~~"):
        assert line in block.content, line
    assert "suggestion" not in block.info


def test_attack07_summary_and_review_bodies_are_inert(pr_story: PrStory) -> None:
    inert.assert_only_sastflow_markup(_summary(pr_story))
    for review in pr_story.server.reviews(REPO, NUMBER):
        if review.user == BOT:
            inert.assert_only_sastflow_markup(review.body)


# --- 10. many findings on a pull request -----------------------------------------------------


def test_attack10_inline_comments_are_capped_and_nothing_is_lost(pr_story: PrStory) -> None:
    server = pr_story.server
    per_review: dict[int, int] = {}
    for comment in server.review_comments(REPO, NUMBER):
        if comment.user == BOT:
            per_review[comment.review_id] = per_review.get(comment.review_id, 0) + 1
    assert per_review and max(per_review.values()) <= INLINE_CAP
    assert server.schema_violations == []
    # Nothing is lost: the SARIF keeps every finding the PR adds, the summary counts them all.
    sarif = read_report(pr_story.steps["opened"].run.outputs["sarif"])
    added = [f for f in sarif.findings if f.path == "app/many.py" and f.rule_id == "bandit.B605"]
    assert len(added) == MANY
    final = read_report(pr_story.steps["pusher-approves"].run.outputs["sarif"])
    total = sum(1 for f in final.findings if f.is_new and not f.suppressed)
    assert total >= MANY
    summary = _summary(pr_story)
    assert f"**{total}** new findings" in summary  # the count covers all, listed or not
    assert "more new findings not listed here" in summary


def _posted_bodies(server: GitHubServer) -> list[tuple[str, str, int]]:
    """(method path, body) of every body sastflow sent, with its size in UTF-8 bytes."""
    out = []
    for request in server.requests:
        if not (request.is_write and isinstance(request.body, dict)):
            continue
        texts = [request.body.get("body")]
        texts += [c.get("body") for c in request.body.get("comments") or []]
        for text in texts:
            if isinstance(text, str):
                out.append((f"{request.method} {request.path}", text, len(text.encode("utf-8"))))
    return out


def test_attack10_first_run_bodies_fit_the_byte_budget(pr_story: PrStory) -> None:
    """The review, its inline comments and the summary as the first scan posts them."""
    first = pr_story.steps["opened"]
    assert first.run.returncode == 1
    sizes = [(where, size) for where, _text, size in _posted_bodies(pr_story.server)]
    assert sizes
    # The first run's writes come first; its summary is the comment sastflow created.
    created = [(w, s) for w, s in sizes if w.startswith("POST")]
    assert created and all(size <= BODY_BYTES for _w, size in created), created


def test_attack10_every_body_ever_posted_fits_the_byte_budget(pr_story: PrStory) -> None:
    """Review events re-edit the summary; it must stay in budget (FINDINGS.md H7, fixed)."""
    over = [(w, s) for w, _t, s in _posted_bodies(pr_story.server) if s > BODY_BYTES]
    assert over == []


# --- 12. the token ----------------------------------------------------------------------------


def test_attack12_the_token_appears_in_no_output_request_or_comment(pr_story: PrStory) -> None:
    for step in pr_story.steps.values():
        assert hostile.leaks(step.run) == [], step.name
    for request in pr_story.server.requests:
        assert hostile.TOKEN not in request.path
        assert hostile.TOKEN not in json.dumps(request.body), request.path
    bodies = [c.body for c in pr_story.server.issue_comments(REPO, NUMBER)]
    bodies += [c.body for c in pr_story.server.review_comments(REPO, NUMBER)]
    assert not [b for b in bodies if hostile.TOKEN in b]


def test_pr_story_ran_nothing_from_the_hostile_branch_name(pr_story: PrStory) -> None:
    assert sorted(str(p) for p in Path(pr_story.repo.path).rglob("PWNED*")) == []


def test_attack12_a_rejected_token_is_not_echoed(pr_story: PrStory, tmp_path: Path) -> None:
    """The API answers 401 Bad credentials: sastflow writes its local outputs, exits 3, and
    says why without repeating the credential."""
    head = pr_story.heads["head3"]
    with GitHubServer() as server:
        server.add_repo(REPO)
        server.add_user(AUTHOR)
        server.add_pull_from_git(
            REPO, NUMBER, pr_story.repo.path, author=AUTHOR, base=pr_story.heads["base"], head=head
        )
        event = write_event(
            tmp_path / "event.json",
            event_payload(
                Event.SYNCHRONIZE, repo=REPO, number=NUMBER, head_sha=head,
                base_sha=pr_story.heads["base"], author=AUTHOR, api_url=server.url,
            ),
        )  # fmt: skip
        out, env = hostile.actions_outputs(tmp_path / "out")
        env.update(
            server.actions_env(
                repo=REPO, token=hostile.TOKEN, event_name="pull_request", event_path=event,
                sha=head, workspace=pr_story.repo.path,
            )
        )  # fmt: skip
        run = hostile.run_cli(
            ["pr", *hostile.scan_args(out), "--api-max-wait", "0"],
            cwd=pr_story.repo.path,
            env=env,
            outputs=out,
        )
        assert server.count("*") > 0  # it did try the API
    assert run.returncode == 3, run.stderr
    assert out["sarif"].is_file()
    assert hostile.leaks(run) == []
    assert "Traceback" not in run.stderr


def test_attack12_the_token_type_never_prints_itself() -> None:
    import pickle

    from sastflow.github.env import Secret, read_env

    secret = Secret(hostile.TOKEN)
    shown = [str(secret), repr(secret), f"{secret}", f"{secret!r}", "%s" % (secret,), str([secret])]  # noqa: UP031
    assert not [s for s in shown if hostile.TOKEN in s]
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(TypeError):
        json.dumps({"token": secret})
    env = read_env(
        {
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": "/nonexistent",
            "GITHUB_TOKEN": hostile.TOKEN,
        }
    )
    assert hostile.TOKEN not in repr(env) and hostile.TOKEN not in str(env)
    assert env.token is not None and env.token.reveal() == hostile.TOKEN
