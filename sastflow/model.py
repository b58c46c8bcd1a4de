"""Typed, immutable records that flow through the pipeline.

Dicts stop at the edges (engine JSON, SARIF, YAML); everything between stages is one of these.
Stages derive new records with :func:`dataclasses.replace` rather than mutating.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Finding severity, ordered so that ``>=`` compares against a gate threshold."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]  # Enum.name is a slow descriptor

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse ``critical``/``high``/... (case-insensitive); raises ValueError otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"{text!r} is not a severity (one of {choices})") from None

    @classmethod
    def from_score(cls, score: float) -> Severity:
        """Map a CVSS-like ``security-severity`` score the way GitHub code scanning does."""
        if score >= 9.0:
            return cls.CRITICAL
        if score >= 7.0:
            return cls.HIGH
        if score >= 4.0:
            return cls.MEDIUM
        if score > 0.0:
            return cls.LOW
        return cls.INFO

    @property
    def score(self) -> str:
        """A representative ``security-severity`` (numeric string) for this level."""
        return _SCORES[self]

    @property
    def sarif_level(self) -> str:
        """SARIF ``level`` for this severity."""
        return _SARIF_LEVELS[self]


_SCORES = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


class Confidence(enum.IntEnum):
    """How sure the engine is that the match is a real weakness."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @property
    def label(self) -> str:
        return _CONFIDENCE_LABELS[self]  # Enum.name is a slow descriptor

    @classmethod
    def parse(cls, text: str | None, default: Confidence | None = None) -> Confidence:
        if text is None:
            return default if default is not None else cls.MEDIUM
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            return default if default is not None else cls.MEDIUM


# Separate tables: IntEnum members of different classes with one value are equal dict keys.
_SEVERITY_LABELS = {severity: severity.name.lower() for severity in Severity}
_CONFIDENCE_LABELS = {confidence: confidence.name.lower() for confidence in Confidence}
_SARIF_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


@dataclass(frozen=True, slots=True)
class Location:
    """A region of a file; ``path`` is repository-relative with ``/`` separators, lines 1-based."""

    path: str
    start_line: int
    start_column: int = 1
    end_line: int = 0
    end_column: int = 0

    def __post_init__(self) -> None:
        if self.end_line < self.start_line:
            object.__setattr__(self, "end_line", self.start_line)

    def overlaps(self, other: Location) -> bool:
        return (
            self.path == other.path
            and self.start_line <= other.end_line
            and other.start_line <= self.end_line
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """What a rule is, shared by every finding it produces (one object per rule per run)."""

    id: str  # normalised: "<pack>.<rule-id>", e.g. "bandit.B602", "sastflow.subprocess-shell"
    engine: str
    name: str
    short_description: str
    help_text: str
    help_uri: str | None = None
    default_severity: Severity = Severity.MEDIUM
    cwe: tuple[int, ...] = ()
    owasp: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    equivalent: tuple[str, ...] = ()  # normalised ids of other engines' rules for the same check
    # A dataflow (taint-mode) rule: its match is evidence that outside data reaches the sink,
    # which decides whether a finding in test code is demoted (pipeline) and whether a Bandit
    # result it confirms takes its severity (dedupe).
    taint: bool = False


class SuppressionKind(enum.Enum):
    """SARIF ``suppression.kind``."""

    EXTERNAL = "external"  # the triage ledger
    IN_SOURCE = "inSource"  # `# nosec` / `# nosemgrep`


class SuppressionStatus(enum.Enum):
    """SARIF ``suppression.status``; only ACCEPTED silences a finding."""

    ACCEPTED = "accepted"
    UNDER_REVIEW = "underReview"  # pending: added by the PR itself, awaits security approval
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Suppression:
    kind: SuppressionKind
    status: SuppressionStatus
    justification: str
    approved_by: str | None = None
    expires: dt.date | None = None
    ticket: str | None = None

    @property
    def silences(self) -> bool:
        return self.status is SuppressionStatus.ACCEPTED


class BaselineState(enum.Enum):
    """SARIF ``baselineState``: whether a PR introduced the finding."""

    NEW = "new"
    UNCHANGED = "unchanged"
    ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class InlineMarker:
    """An inline suppression comment found in the source around a finding."""

    tool: str  # "bandit" (# nosec) or "semgrep" (# nosemgrep)
    rule_ids: tuple[str, ...]  # engine-native ids it names (B602, rule-id); () means "all"
    line: int


@dataclass(frozen=True, slots=True)
class ContextRegion:
    """The source lines around a finding (its lines and two either side), so a reviewer can
    judge it from a report: SARIF ``contextRegion``. ``text`` is lines ``start_line`` on."""

    start_line: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One engine result, normalised. ``fingerprint`` is filled by the fingerprint stage."""

    rule: Rule
    message: str
    severity: Severity
    confidence: Confidence
    location: Location
    snippet: str  # the matched source lines, read from the file, cut for display
    fingerprint: str = ""
    # The whole matched region, uncut: what the fingerprint hashes. Empty once read back from
    # SARIF (the fingerprint is there already). Excluded from equality to keep compares cheap.
    code: str = field(default="", compare=False, repr=False)
    suppressions: tuple[Suppression, ...] = ()
    baseline: BaselineState | None = None  # None outside PR mode
    correlation: str | None = None  # shared by findings of different engines at one place
    inline: InlineMarker | None = None
    # Filled once the scan is done (sastflow.source_context), or read from SARIF.
    context: ContextRegion | None = field(default=None, compare=False, repr=False)

    @property
    def engine(self) -> str:
        return self.rule.engine

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.start_line

    @property
    def suppressed(self) -> bool:
        # Most findings have no suppression; skip building a generator for them (20k rows).
        return bool(self.suppressions) and any(s.silences for s in self.suppressions)

    @property
    def accepted_by_ledger(self) -> bool:
        """Accepted by a ledger entry (an external suppression), not by a code comment."""
        return any(
            s.kind is SuppressionKind.EXTERNAL and s.status is SuppressionStatus.ACCEPTED
            for s in self.suppressions
        )

    @property
    def pending(self) -> bool:
        """Suppressed only by something the PR itself added, which awaits approval."""
        return (
            bool(self.suppressions)
            and not self.suppressed
            and any(s.status is SuppressionStatus.UNDER_REVIEW for s in self.suppressions)
        )

    @property
    def is_new(self) -> bool:
        return self.baseline is not BaselineState.UNCHANGED

    def blocks(self, threshold: Severity | None) -> bool:
        """Whether this finding fails a gate at ``threshold`` (None means never fail)."""
        return (
            threshold is not None
            and self.severity >= threshold
            and self.is_new
            and not self.suppressed
        )


@dataclass(frozen=True, slots=True)
class EngineFailure:
    """Why an engine produced no (or incomplete) results."""

    engine: str
    reason: str  # "missing", "crashed", "timeout", "unparsable", "errors"
    detail: str  # one line for humans, with the stderr tail


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """An engine's verdict on one target it finished analysing: whatever it concluded there is
    a function of the file's path and bytes and the engine's identity, so it may be cached.
    A file the engine failed on (a timeout, a crash, a failed batch) has none."""

    path: str  # root-relative
    scanned: bool = True  # counted in ``EngineRun.scanned_files``
    unparsed: bool = False  # a parse error to the engine (see ``EngineRun.unparsed``)
    warnings: tuple[str, ...] = ()  # the run's warnings about this file


@dataclass(frozen=True, slots=True)
class EngineRun:
    """What one engine produced: its findings (not yet fingerprinted) and its health."""

    engine: str
    version: str
    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...] = ()
    failure: EngineFailure | None = None
    duration: float = 0.0
    scanned_files: int = 0
    warnings: tuple[str, ...] = ()  # per-file problems that did not stop the engine
    # Root-relative paths of targets this engine supports but could not parse (a syntax error
    # to it, e.g. Python 3.12 syntax for a Bandit running on 3.11). Reports count them, and in
    # PR mode each changed one is a blocking ``sastflow.unscannable-file`` finding.
    unparsed: tuple[str, ...] = ()
    # The targets the engine finished analysing, with what it concluded about each: the result
    # cache stores exactly these (a target missing here is never cached).
    analysed: tuple[FileOutcome, ...] = field(default=(), compare=False, repr=False)
    cached_files: int = 0  # targets whose results were served from the result cache


class LedgerStatus(enum.Enum):
    ACCEPTED = "accepted"  # matches a finding and suppresses it
    EXPIRED = "expired"
    STALE = "stale"  # matches no finding
    PENDING = "pending"  # added/changed by the PR, awaits security approval


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    fingerprint: str
    rule: str
    path: str
    reason: str
    approved_by: str
    expires: dt.date
    ticket: str | None = None
    line: int = 0  # line of the entry in the ledger file, for messages
    # The other results of the cross-engine group this entry accepts, as (fingerprint, rule):
    # one entry per row of a report, whichever engines flagged it (docs/triage.md).
    group: tuple[tuple[str, str], ...] = ()

    @property
    def members(self) -> tuple[tuple[str, str], ...]:
        """Every (fingerprint, rule) this entry accepts: its own, then its group's."""
        return ((self.fingerprint, self.rule), *self.group)

    def matches(self, finding: Finding) -> bool:
        if self.path != finding.path:
            return False
        if self.fingerprint == finding.fingerprint:
            return self.rule == finding.rule_id
        return (finding.fingerprint, finding.rule_id) in self.group

    def expired(self, today: dt.date) -> bool:
        return self.expires < today

    def as_json(self) -> dict[str, str | int | list[dict[str, str]] | None]:
        """The entry as JSON-ready data (SARIF run properties, ``triage list --json``)."""
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "path": self.path,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat(),
            "ticket": self.ticket,
            "line": self.line,
            **(
                {"group": [{"fingerprint": f, "rule": r} for f, r in self.group]}
                if self.group
                else {}
            ),
        }


@dataclass(frozen=True, slots=True)
class LedgerOutcome:
    entry: LedgerEntry
    status: LedgerStatus
    matched: int = 0  # how many findings this entry covers


@dataclass(frozen=True, slots=True)
class ScanReport:
    """Everything the outputs need: engine runs, final findings, ledger outcomes, verdict."""

    root: str
    runs: tuple[EngineRun, ...]
    findings: tuple[Finding, ...]
    fail_on: Severity | None
    ledger: tuple[LedgerOutcome, ...] = ()
    base_ref: str | None = None  # set in PR (diff-aware) mode
    head_ref: str | None = None
    targets: int = 0
    category: str = "sastflow"
    shard: str | None = None  # "K/N" when this report covers one shard of the files
    notes: tuple[str, ...] = field(default=())  # e.g. "config changed by the PR: pending review"

    @property
    def failures(self) -> tuple[EngineFailure, ...]:
        return tuple(r.failure for r in self.runs if r.failure is not None)

    @property
    def incomplete(self) -> bool:
        return bool(self.failures)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocks(self.fail_on))

    @property
    def pending_ledger(self) -> tuple[LedgerOutcome, ...]:
        return tuple(o for o in self.ledger if o.status is LedgerStatus.PENDING)
