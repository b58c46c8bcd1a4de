"""The labelled corpus: one case per file under ``bench/detection/cases/<class>/``, named
``<framework>_<nn>_<true|false>[_<suffix>].py`` (a suffix such as ``_settings`` keeps a Django
settings module recognisable as one), and labelled by its first line::

    # label: true cwe: 78 class: command-injection

The header is the ground truth; the file name and folder repeat it so a mislabelled case is
caught here (``problems``) rather than counted wrong. A true case is a realistic exploitable
handler; a false case is a near miss a good tool stays quiet on.

``CLASSES`` maps each weakness class to the CWE ids that count as reporting it. A finding
counts for a class when one of its rule's CWE ids is in the class's set, or, for a Bandit test
whose own CWE is generic or names another weakness (Bandit reports CWE-78 for ``eval``, CWE-20
for its XML parsers, CWE-22 for ``urlopen``), when ``BANDIT_CLASSES`` names the class the test
is documented to detect (that class only: Bandit's ``eval`` finding is not also command
injection). The same mapping is used for every tool, so a Bandit result counts
the same whether bare Bandit or sastflow reported it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"
FRAMEWORKS = ("flask", "django", "fastapi", "aiohttp")
MIN_CASES = 300
BALANCE = (0.4, 0.6)  # the share of true cases must stay inside this range


@dataclass(frozen=True, slots=True)
class WeaknessClass:
    name: str
    title: str
    cwes: frozenset[int]


def _cls(name: str, title: str, *cwes: int) -> WeaknessClass:
    return WeaknessClass(name, title, frozenset(cwes))


# Related CWEs count too: a tool that calls command injection CWE-77 or argument injection
# CWE-88 has still found it. The first CWE is the class's own.
CLASSES: dict[str, WeaknessClass] = {
    c.name: c
    for c in (
        _cls("command-injection", "Command injection (CWE-78)", 78, 77, 88),
        _cls("code-injection", "Code injection (CWE-94/95)", 94, 95, 96),
        _cls("deserialization", "Insecure deserialisation (CWE-502)", 502),
        _cls("sql-injection", "SQL injection (CWE-89)", 89, 564),
        _cls("ldap-injection", "LDAP injection (CWE-90)", 90),
        _cls("xpath-injection", "XPath injection (CWE-643)", 643, 91, 652),
        _cls("path-traversal", "Path traversal (CWE-22)", 22, 23, 36, 73),
        _cls("open-redirect", "Open redirect (CWE-601)", 601),
        _cls("xss", "Cross-site scripting (CWE-79)", 79, 80, 83, 116),
        _cls("xxe", "XML external entities (CWE-611)", 611, 776, 827),
        _cls("ssrf", "Server-side request forgery (CWE-918)", 918),
        _cls("ssti", "Server-side template injection (CWE-1336)", 1336, 94, 97),
        _cls("trust-boundary", "Trust-boundary violation (CWE-501)", 501),
        _cls("insecure-cookie", "Insecure cookie (CWE-614/1004)", 614, 1004, 315, 1275),
        _cls("weak-hash", "Weak hashing (CWE-328/916)", 328, 916, 327, 759, 760),
        _cls("weak-random", "Weak randomness for secrets (CWE-338)", 338, 330, 331),
        _cls("hardcoded-secret", "Hard-coded secret (CWE-798)", 798, 259, 321, 547),
        _cls("csrf", "CSRF protection off (CWE-352)", 352),
        _cls("debug-mode", "Debug mode on (CWE-489/215)", 489, 215, 11),
    )
}

# Bandit tests whose reported CWE does not name the weakness they detect.
BANDIT_CLASSES: dict[str, str] = {
    "B102": "code-injection",  # exec_used: Bandit says CWE-78
    "B307": "code-injection",  # eval: Bandit says CWE-78
    "B201": "debug-mode",  # flask_debug_true: Bandit says CWE-94
    "B310": "ssrf",  # urllib_urlopen: Bandit says CWE-22
    "B313": "xxe",  # xml_bad_cElementTree ... xml_bad_pulldom, xmlrpc: CWE-20
    "B314": "xxe",
    "B315": "xxe",
    "B316": "xxe",
    "B317": "xxe",
    "B318": "xxe",
    "B319": "xxe",
    "B320": "xxe",
    "B410": "xxe",
    "B506": "deserialization",  # yaml_load: Bandit says CWE-20
    "B701": "xss",  # jinja2_autoescape_false: Bandit says CWE-94
    "B702": "xss",  # use_of_mako_templates: Bandit says CWE-80 (already XSS)
}

_HEADER = re.compile(
    r"# label: (?P<label>true|false) cwe: (?P<cwe>\d+) class: (?P<cls>[a-z0-9-]+)\n"
)
_NAME = re.compile(r"(?P<framework>[a-z]+)_(?P<number>\d{2})_(?P<label>true|false)(?:_[a-z]+)?\.py")


@dataclass(frozen=True, slots=True)
class Case:
    path: str  # "<class>/<file>", relative to CASES and to the scanned repository
    label: bool
    cwe: int
    cls: str
    framework: str


def classes_of(rule_id: str, cwes: Iterable[int]) -> frozenset[str]:
    """The weakness classes a finding of ``rule_id`` (with its rule's CWE ids) reports."""
    test = rule_id.rsplit(".", 1)[-1]
    if test in BANDIT_CLASSES and (rule_id.startswith("bandit.") or rule_id == test):
        return frozenset((BANDIT_CLASSES[test],))
    ids = set(cwes)
    return frozenset(c.name for c in CLASSES.values() if c.cwes & ids)


def load(root: Path = CASES) -> tuple[list[Case], list[str]]:
    """Every case under ``root`` and what is wrong with the corpus (empty when consistent)."""
    cases: list[Case] = []
    problems: list[str] = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        # Caches that tools leave behind (.ruff_cache, __pycache__) are not cases.
        if path.is_dir() or path.name == "ruff.toml" or any(p[0] in "._" for p in parts):
            continue
        rel = path.relative_to(root).as_posix()
        if path.suffix != ".py" or len(path.relative_to(root).parts) != 2:
            problems.append(f"{rel}: not a case (expected <class>/<framework>_<nn>_<label>.py)")
            continue
        head = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
        header = _HEADER.fullmatch(head)
        name = _NAME.fullmatch(path.name)
        if header is None:
            problems.append(f"{rel}:1: no '# label: true|false cwe: N class: NAME' header")
            continue
        cls = CLASSES.get(header["cls"])
        if cls is None:
            problems.append(f"{rel}:1: unknown class {header['cls']!r}")
            continue
        if header["cls"] != path.parent.name:
            problems.append(
                f"{rel}:1: class {header['cls']!r} but the folder is {path.parent.name}"
            )
        if name is None or name["framework"] not in FRAMEWORKS:
            problems.append(f"{rel}: file name is not <{'|'.join(FRAMEWORKS)}>_<nn>_<label>.py")
            continue
        if name["label"] != header["label"]:
            problems.append(f"{rel}:1: labelled {header['label']} but named {name['label']}")
        if int(header["cwe"]) not in cls.cwes:
            problems.append(f"{rel}:1: CWE-{header['cwe']} is not one of {cls.name}'s CWEs")
        cases.append(
            Case(rel, header["label"] == "true", int(header["cwe"]), cls.name, name["framework"])
        )
    problems += _balance(cases)
    return cases, problems


def _balance(cases: Sequence[Case]) -> list[str]:
    found: list[str] = []
    if len(cases) < MIN_CASES:
        found.append(f"{len(cases)} cases, at least {MIN_CASES} are needed")
    if cases:
        share = sum(c.label for c in cases) / len(cases)
        if not BALANCE[0] <= share <= BALANCE[1]:
            found.append(
                f"{share:.0%} of the cases are true, outside {BALANCE[0]:.0%}-{BALANCE[1]:.0%}"
            )
    per_class = Counter((c.cls, c.label) for c in cases)
    for name in CLASSES:
        for label in (True, False):
            if per_class[(name, label)] == 0:
                found.append(f"class {name} has no {'true' if label else 'false'} case")
    return found


def quick_subset(cases: Sequence[Case]) -> list[Case]:
    """One true and one false case of every class (CI's ``--quick`` run), the framework
    rotating from class to class so that all four are exercised."""
    chosen: list[Case] = []
    for index, name in enumerate(CLASSES):
        for label in (True, False):
            pool = [c for c in cases if c.cls == name and c.label is label]
            preferred = [c for c in pool if c.framework == FRAMEWORKS[index % len(FRAMEWORKS)]]
            chosen += (preferred or pool)[:1]
    return chosen
