"""Security code owners: who may approve what a pull request asks to accept.

They are the owners of the ledger file (config ``ledger``, default ``triage/ledger.yml``) in
CODEOWNERS (``.github/CODEOWNERS``, ``CODEOWNERS``, ``docs/CODEOWNERS``: the first that exists,
as GitHub looks them up), read from the **base** commit so a pull request cannot name its own
approvers, and parsed with the ``codeowners`` package (GitHub's semantics: the last matching
line wins). Config ``security_owners`` (read from the base commit too) adds more. Reading them
at a commit is :func:`sastflow.trust.security_owners`; this module parses and expands.

Users are kept as logins. Teams (``@org/team``) are expanded to their members through the API;
a token that cannot read the team (the job's ``GITHUB_TOKEN`` has no ``read:org``) leaves the
team unexpanded, with a note, and its members' approvals do not count until it can be read
(fail closed). Email owners cannot be matched to a GitHub login and are ignored, with a note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class SecurityOwners:
    """Logins and ``org/team`` slugs that own the ledger, and what became of each team."""

    users: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()  # "org/slug"
    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # expanded teams
    source: str = "(none)"
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.users and not self.teams

    def is_owner(self, login: str) -> bool:
        wanted = login.lower()
        if any(u.lower() == wanted for u in self.users):
            return True
        return any(wanted == m.lower() for team in self.members.values() for m in team)

    def describe(self) -> str:
        """The owners who can approve, for messages (bots never can)."""
        names = [f"@{u}" for u in self.users if not u.endswith("[bot]")]
        names += [f"@{t}" for t in self.teams]
        return ", ".join(names) if names else "nobody"


def _normalise_user(name: str) -> str:
    return name.removeprefix("@")


def parse_owners(
    text: str, ledger_path: str, source: str, extra: Sequence[str] = ()
) -> SecurityOwners:
    """Owners of ``ledger_path`` in CODEOWNERS ``text``, plus ``extra`` (config)."""
    from codeowners import CodeOwners

    users: list[str] = []
    teams: list[str] = []
    notes: list[str] = []
    entries = CodeOwners(text).of(ledger_path) if text else []
    for kind, name in entries:
        if kind == "TEAM":
            teams.append(name.removeprefix("@"))
        elif kind == "USERNAME":
            users.append(_normalise_user(name))
        else:
            notes.append(
                f"{source}: the email owner {name} of {ledger_path} is ignored (a review "
                "names a GitHub login, not an email address)"
            )
    for owner in extra:
        (teams if "/" in owner else users).append(owner.removeprefix("@"))
    for user in users:
        if user.endswith("[bot]"):
            notes.append(f"{source}: @{user} is a bot; a bot's approval never counts")
    return SecurityOwners(
        users=tuple(dict.fromkeys(users)),
        teams=tuple(dict.fromkeys(teams)),
        source=source,
        notes=tuple(notes),
    )


def expand_teams(
    owners: SecurityOwners,
    members_of: Callable[[str, str], Iterable[str]],
    unreadable: tuple[type[Exception], ...],
) -> SecurityOwners:
    """Fill ``members`` for every team ``members_of(org, slug)`` can read."""
    members: dict[str, tuple[str, ...]] = {}
    notes = list(owners.notes)
    for team in owners.teams:
        org, _, slug = team.partition("/")
        try:
            members[team] = tuple(members_of(org, slug))
        except unreadable as exc:
            notes.append(
                f"cannot read the members of @{team} ({exc}); their approvals do not count. "
                "Give the job a token that may read the organisation's teams, or list the "
                "approvers in `security_owners`"
            )
    return replace(owners, members=members, notes=tuple(notes))
