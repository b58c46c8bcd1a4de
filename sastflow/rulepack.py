"""Rule packs: folders of Semgrep rule files, read and validated before Semgrep sees them.

Semgrep answers some rule mistakes with a Python traceback (a float ``security-severity``) and
others with errors far from the cause. Every rule file is therefore read here first, with a safe
YAML loader, and each problem becomes one ``RuleError`` line naming the file and line.

The layout follows ``semgrep --test``: a rule file ``foo.yaml`` sits beside its test target
(``foo.py``, or ``foo.test.yaml`` for YAML targets). Any ``*.yaml``/``*.yml`` file that is not
a ``.test.``/``.fixed.`` file is a rule file, exactly as ``semgrep --config DIR`` loads them.

Rule files are read the way Semgrep reads them: with ruamel.yaml (YAML 1.2, as ``semgrep scan``
resolves values) through its libyaml-based safe loader, which ``semgrep --test`` uses on every
rule file and crashes on anything it rejects.

The default pack lives in the repository's ``rules/`` folder: ``rules/semgrep`` (Semgrep rules),
``rules/bandit.yml`` (the Bandit profile) and ``rules/bandit-cwe.yml`` (Bandit test id to CWE);
a wheel ships the same folder as ``sastflow/_rules``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sastflow import yamlguard
from sastflow.errors import RuleError

# Semgrep 1.182 accepts these (plus INVENTORY/EXPERIMENT, which are not security findings).
SEVERITIES: tuple[str, ...] = ("ERROR", "WARNING", "INFO", "CRITICAL", "HIGH", "MEDIUM", "LOW")
CONFIDENCES: tuple[str, ...] = ("HIGH", "MEDIUM", "LOW")
# How a rule decides: `taint` (data from a source reaches a sink) or `pattern` (code shape).
KINDS: tuple[str, ...] = ("taint", "pattern")

# sastflow reports rules as "<pack>.<id>", so an id must not contain dots itself.
_RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_CWE = re.compile(r"CWE-(\d+)\b")
_BANDIT_ID = re.compile(r"B\d{3}")
_SCORE = re.compile(r"\d+(\.\d+)?")

# A rule matches through one of these (old-style patterns, the v2 `match`, or taint mode).
_MATCH_KEYS = ("pattern", "patterns", "pattern-either", "pattern-regex", "match", "taint")
_TAINT_KEYS = ("pattern-sources", "pattern-sinks")

_RULES_DIR_NAME = "rules"
_SEMGREP_DIR_NAME = "semgrep"
_BANDIT_PROFILE_NAME = "bandit.yml"
_BANDIT_CWE_NAME = "bandit-cwe.yml"


@dataclass(frozen=True, slots=True)
class PackRule:
    """One Semgrep rule of a pack, as written in its rule file."""

    id: str  # as in the file, without the pack prefix
    file: Path
    line: int  # 1-based line of the rule's entry in ``rules:``
    message: str
    severity: str  # Semgrep's: ERROR/WARNING/INFO (or CRITICAL/HIGH/MEDIUM/LOW)
    languages: tuple[str, ...]
    metadata: Mapping[str, Any] = field(hash=False)  # read-only view
    # The whole rule as validated: the merged config Semgrep receives is built from exactly
    # these objects, so a value means to Semgrep what it meant to validation (one YAML loader).
    document: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False, repr=False)

    @property
    def cwe(self) -> tuple[int, ...]:
        """CWE numbers from ``metadata.cwe`` ("CWE-78: ..." entries)."""
        matches = (_CWE.match(item) for item in _str_items(self.metadata.get("cwe")))
        return tuple(int(m.group(1)) for m in matches if m)

    @property
    def cwe_names(self) -> tuple[str, ...]:
        return _str_items(self.metadata.get("cwe"))

    @property
    def owasp(self) -> tuple[str, ...]:
        return _str_items(self.metadata.get("owasp"))

    @property
    def references(self) -> tuple[str, ...]:
        return _str_items(self.metadata.get("references"))

    @property
    def bandit_equivalent(self) -> tuple[str, ...]:
        """Bandit test ids that detect the same weakness (``B602``), for cross-engine dedupe."""
        return _str_items(self.metadata.get("bandit-equivalent"))

    @property
    def kind(self) -> str | None:
        """``taint`` or ``pattern`` (``metadata.kind``), None when the rule does not say."""
        value = self.metadata.get("kind")
        return value if isinstance(value, str) else None

    @property
    def sources(self) -> tuple[str, ...]:
        """What a taint rule treats as attacker-controlled (``metadata.sources``)."""
        return _str_items(self.metadata.get("sources"))

    @property
    def sanitizers(self) -> tuple[str, ...]:
        """What makes a value safe for the rule (``metadata.sanitizers``)."""
        return _str_items(self.metadata.get("sanitizers"))

    @property
    def security_severity(self) -> str | None:
        value = self.metadata.get("security-severity")
        return value if isinstance(value, str) else None

    @property
    def confidence(self) -> str | None:
        value = self.metadata.get("confidence")
        return value.upper() if isinstance(value, str) else None

    @property
    def description(self) -> str:
        """One line saying what the rule catches: ``metadata.description``, else the message's
        first sentence."""
        value = self.metadata.get("description")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        first = re.split(r"(?<=[.!?])\s", " ".join(self.message.split()), maxsplit=1)[0]
        return first


def _str_items(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


# --- locating the default pack -------------------------------------------------------------


def _rules_root() -> Path:
    """The folder holding sastflow's own rules.

    An installed wheel carries them inside the package (``sastflow/_rules``, mapped from the
    repository's ``rules/`` folder by setup.py); a source checkout or an editable install reads
    that ``rules/`` folder itself, next to the package. The package's copy is looked at first so
    that an installed sastflow never picks up some unrelated ``rules/`` folder beside it.
    """
    package = Path(__file__).resolve().parent
    candidates = (package / "_rules", package.parent / _RULES_DIR_NAME)
    for candidate in candidates:
        if (candidate / _SEMGREP_DIR_NAME).is_dir():
            return candidate
    looked = " and ".join(str(c / _SEMGREP_DIR_NAME) for c in candidates)
    raise RuleError(
        f"sastflow's default rule pack is missing (looked in {looked}): this installation of "
        "sastflow is incomplete; reinstall it (`pip install --force-reinstall sastflow`, or "
        "`pip install -e .` in a source checkout)"
    )


def default_pack_dir() -> Path:
    """sastflow's own Semgrep rules (``rules/semgrep``); RuleError saying where it looked."""
    return _rules_root() / _SEMGREP_DIR_NAME


def default_bandit_profile() -> Path:
    """``rules/bandit.yml``, the profile sastflow passes to ``bandit -c``."""
    path = _rules_root() / _BANDIT_PROFILE_NAME
    if not path.is_file():
        raise RuleError(f"{display(path)}: sastflow's Bandit profile is missing")
    return path


def default_bandit_cwe_file() -> Path:
    return _rules_root() / _BANDIT_CWE_NAME


def bandit_cwe(path: Path | None = None) -> dict[str, int]:
    """Bandit test id to CWE number (``"B602" -> 78``), from ``rules/bandit-cwe.yml``."""
    source = path if path is not None else default_bandit_cwe_file()
    where = display(source)
    try:
        data = yaml.safe_load(_guard(source.read_text(encoding="utf-8"), where))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{where}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{where}: invalid YAML: {' '.join(str(exc).split())}") from None
    table = data.get("cwe") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise RuleError(f"{where}: expected a mapping `cwe:` of Bandit test ids to CWE numbers")
    mapping: dict[str, int] = {}
    for test_id, number in table.items():
        if not isinstance(test_id, str) or not _BANDIT_ID.fullmatch(test_id):
            raise RuleError(f"{where}: {test_id!r} is not a Bandit test id (like B101)")
        if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
            raise RuleError(f"{where}: {test_id}: CWE must be a positive whole number")
        mapping[test_id] = number
    return mapping


# --- reading packs ---------------------------------------------------------------------------


def is_test_target(path: Path) -> bool:
    """``foo.test.yaml`` (a YAML test target) or ``foo.fixed.py`` (an autofix expectation)."""
    suffixes = path.suffixes
    return ".fixed" in suffixes or (len(suffixes) >= 2 and suffixes[-2] == ".test")


def is_rule_file(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml") and not is_test_target(path)


def rule_files(path: Path) -> tuple[Path, ...]:
    """The rule files of a pack (a folder, searched recursively, or one rule file)."""
    if path.is_file():
        return (path,)
    if not path.is_dir():
        raise RuleError(f"{display(path)}: rule pack not found")
    return tuple(sorted(p for p in path.rglob("*") if p.is_file() and is_rule_file(p)))


def test_targets(rule_file: Path) -> tuple[Path, ...]:
    """The files ``semgrep --test`` checks a rule file against: same stem, beside it."""
    stem = rule_file.name.split(".", 1)[0]
    return tuple(
        sorted(
            p
            for p in rule_file.parent.iterdir()
            if p.is_file()
            and p != rule_file
            and p.name.split(".", 1)[0] == stem
            and not is_rule_file(p)
            and ".fixed" not in p.suffixes
        )
    )


@dataclass(frozen=True, slots=True)
class CaseCount:
    """Annotated cases for one rule in its test targets."""

    ruleid: int  # lines marked `# ruleid: <id>`: a finding must be reported on the next line
    ok: int  # lines marked `# ok: <id>`: no finding may be reported there


# `# ruleid: a, b` / `# ok: a` in a comment (`#`, `//`, `--`, `<!--`); not `todoruleid:`.
_ANNOTATION = re.compile(r"(?:#|//|--|<!--)[ \t]*(ruleid|ok)[ \t]*:[ \t]*([A-Za-z0-9_, \t-]+)")


def count_cases(rule: PackRule) -> CaseCount:
    """How many ``ruleid``/``ok`` annotations name ``rule`` in the test targets beside it."""
    ruleid = ok = 0
    for target in test_targets(rule.file):
        try:
            text = target.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _ANNOTATION.finditer(text):
            ids = {part.strip().split()[0] for part in match.group(2).split(",") if part.strip()}
            if rule.id in ids:
                if match.group(1) == "ruleid":
                    ruleid += 1
                else:
                    ok += 1
    return CaseCount(ruleid=ruleid, ok=ok)


def read_pack(path: Path) -> tuple[PackRule, ...]:
    """Every rule of every rule file under ``path``, validated. Raises RuleError (one line,
    naming file and line) for the first malformed file, for duplicate ids and for an empty pack."""
    files = rule_files(path)
    if not files:
        raise RuleError(f"{display(path)}: no rule files (*.yaml, *.yml) in this rule pack")
    rules: list[PackRule] = []
    seen: dict[str, PackRule] = {}
    for rule_file in files:
        for rule in read_rule_file(rule_file):
            first = seen.get(rule.id)
            if first is not None:
                raise RuleError(
                    f"{display(rule.file)}:{rule.line}: rule '{rule.id}': duplicate id "
                    f"(first defined at {display(first.file)}:{first.line})"
                )
            seen[rule.id] = rule
            rules.append(rule)
    return tuple(rules)


def read_rule_file(path: Path) -> tuple[PackRule, ...]:
    """The rules of one rule file, validated."""
    root, data = _load_yaml(path)
    where = display(path)
    if root is None or not isinstance(data, dict):
        raise RuleError(f"{where}:1: a rule file must be a mapping with a `rules:` list")
    rules_node = _child(root, "rules")
    if rules_node is None:
        raise RuleError(f"{where}:1: missing top-level `rules:` list")
    if not isinstance(data["rules"], list) or not isinstance(rules_node, SequenceNode):
        raise RuleError(f"{where}:{_line(rules_node)}: `rules:` must be a list of rules")
    if not data["rules"]:
        raise RuleError(f"{where}:{_line(rules_node)}: `rules:` is empty")
    return tuple(
        _rule(path, where, node, raw)
        for node, raw in zip(rules_node.value, data["rules"], strict=True)
    )


def _rule(path: Path, where: str, node: Node, raw: Any) -> PackRule:
    line = _line(node)
    if not isinstance(raw, dict) or not isinstance(node, MappingNode):
        raise RuleError(f"{where}:{line}: each entry of `rules:` must be a mapping")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{where}:{line}: rule without a string 'id'")
    label = f"{where}:{line}: rule '{rule_id}'"

    def at(key: str) -> str:
        child = _child(node, key)
        return f"{where}:{_line(child) if child is not None else line}: rule '{rule_id}'"

    if not _RULE_ID.fullmatch(rule_id):
        raise RuleError(
            f"{at('id')}: id may use only letters, digits, '-' and '_' (no dots: sastflow "
            "reports it as '<pack>.<id>')"
        )
    for key in ("message", "severity", "languages"):
        if key not in raw:
            raise RuleError(f"{label}: missing '{key}'")
    message = raw["message"]
    if not isinstance(message, str) or not message.strip():
        raise RuleError(f"{at('message')}: 'message' must be a non-empty string")
    severity = raw["severity"]
    if not isinstance(severity, str) or severity.upper() not in SEVERITIES:
        raise RuleError(
            f"{at('severity')}: unknown severity {severity!r} (one of {', '.join(SEVERITIES)})"
        )
    languages = raw["languages"]
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(lang, str) and lang for lang in languages)
    ):
        raise RuleError(f"{at('languages')}: 'languages' must be a non-empty list of names")
    _check_matching(raw, label)
    metadata = raw.get("metadata", {})
    if not isinstance(metadata, dict):
        raise RuleError(f"{at('metadata')}: 'metadata' must be a mapping")
    metadata_node = _child(node, "metadata")
    _check_metadata(metadata, metadata_node, where, line, rule_id)
    _check_kind(raw, metadata, label)
    _reject_floats_and_nulls(node, where, rule_id)
    return PackRule(
        id=rule_id,
        file=path,
        line=line,
        message=message,
        severity=severity,
        languages=tuple(languages),
        metadata=MappingProxyType(metadata),
        document=MappingProxyType(raw),
    )


def _check_matching(raw: Mapping[str, Any], label: str) -> None:
    if raw.get("mode") == "taint" and "taint" not in raw:
        missing = [key for key in _TAINT_KEYS if key not in raw]
        if missing:
            raise RuleError(f"{label}: taint mode needs '{missing[0]}'")
        return
    if not any(key in raw for key in _MATCH_KEYS):
        raise RuleError(f"{label}: no pattern (one of {', '.join(_MATCH_KEYS)})")


def _check_kind(raw: Mapping[str, Any], metadata: Mapping[str, Any], label: str) -> None:
    """``metadata.kind`` says what the rule is; the README and severity policy rely on it."""
    kind = metadata.get("kind")
    if kind is None:
        return
    taint = raw.get("mode") == "taint" or "taint" in raw
    if (kind == "taint") != taint:
        actual = "a taint-mode rule" if taint else "not a taint-mode rule"
        raise RuleError(f"{label}: metadata kind is '{kind}' but the rule is {actual}")
    if taint and not metadata.get("sources"):
        raise RuleError(f"{label}: a taint rule lists its 'sources' in metadata")


def _check_metadata(
    metadata: Mapping[str, Any], node: Node | None, where: str, line: int, rule_id: str
) -> None:
    def at(key: str) -> str:
        child = _child(node, key) if node is not None else None
        return f"{where}:{_line(child) if child is not None else line}: rule '{rule_id}'"

    score = metadata.get("security-severity")
    if score is not None:
        if not isinstance(score, str):
            raise RuleError(
                f"{at('security-severity')}: metadata 'security-severity' must be a string "
                f'such as "8.1" (quote it), not {type(score).__name__} {score!r}'
            )
        if not _SCORE.fullmatch(score.strip()) or not 0.0 <= float(score) <= 10.0:
            raise RuleError(
                f"{at('security-severity')}: metadata 'security-severity' must be a number "
                f"from 0.0 to 10.0, not {score!r}"
            )
    if "cwe" in metadata:
        items = metadata["cwe"]
        if not _is_str_list(items, allow_str=True) or not all(
            _CWE.match(item) for item in _str_items(items)
        ):
            raise RuleError(
                f"{at('cwe')}: metadata 'cwe' must list entries like "
                '"CWE-78: Improper Neutralization ..."'
            )
    confidence = metadata.get("confidence")
    if confidence is not None and (
        not isinstance(confidence, str) or confidence.upper() not in CONFIDENCES
    ):
        raise RuleError(
            f"{at('confidence')}: metadata 'confidence' must be one of {', '.join(CONFIDENCES)}"
        )
    for key in ("owasp", "references"):
        if key in metadata and not _is_str_list(metadata[key], allow_str=True):
            raise RuleError(f"{at(key)}: metadata '{key}' must be a list of strings")
    for key in ("sources", "sanitizers"):
        if key in metadata and not (
            _is_str_list(metadata[key], allow_str=False)
            and all(item.strip() for item in metadata[key])
        ):
            raise RuleError(
                f"{at(key)}: metadata '{key}' must be a list of short descriptions "
                '(strings), such as ["shlex.quote"]'
            )
    kind = metadata.get("kind")
    if kind is not None and kind not in KINDS:
        raise RuleError(f"{at('kind')}: metadata 'kind' must be one of {', '.join(KINDS)}")
    if "bandit-equivalent" in metadata:
        items = metadata["bandit-equivalent"]
        if not _is_str_list(items, allow_str=False) or not all(
            _BANDIT_ID.fullmatch(item) for item in items
        ):
            raise RuleError(
                f"{at('bandit-equivalent')}: metadata 'bandit-equivalent' must be a list of "
                "Bandit test ids such as [B602]"
            )


def _is_str_list(value: Any, *, allow_str: bool) -> bool:
    if allow_str and isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# --- YAML with line numbers ------------------------------------------------------------------

_FLOAT_TAG = "tag:yaml.org,2002:float"
_NULL_TAG = "tag:yaml.org,2002:null"


# Rule files are read before Semgrep sees them: bound what a hostile one costs (yamlguard). The
# largest file of the default pack is a few kilobytes and nests 15 levels.
MAX_RULE_FILE_BYTES = 4 * 1024 * 1024
MAX_RULE_DEPTH = 64
MAX_RULE_ALIASES = 1000


def _guard(text: str, where: str) -> str:
    try:
        yamlguard.check(
            text,
            where,
            max_bytes=MAX_RULE_FILE_BYTES,
            max_depth=MAX_RULE_DEPTH,
            max_aliases=MAX_RULE_ALIASES,
        )
    except yamlguard.YamlLimitError as exc:
        raise RuleError(f"{exc} (a rule file's limit)") from None
    return text


def _load_yaml(path: Path) -> tuple[Node | None, Any]:
    """The node tree (for line numbers) and the plain data of a rule file, read as Semgrep
    reads it; every parser complaint becomes ``file:line: invalid YAML: ...``."""
    where = display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(f"{where}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{where}: cannot read: {exc}") from None
    _guard(text, where)
    try:
        # libyaml, as `semgrep --test` uses to load every rule file (it crashes on what this
        # rejects); values resolve as YAML 1.2, as in `semgrep scan`.
        reader = YAML(typ="safe", pure=False)
        node: Node | None = reader.compose(text)
        data: Any = _plain(reader.load(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise RuleError(f"{where}:{line}: invalid YAML: {problem}") from None
    except YAMLError as exc:
        raise RuleError(f"{where}:1: invalid YAML: {' '.join(str(exc).split())}") from None
    return node, data


def _plain(value: Any) -> Any:
    """ruamel's round-trip types (CommentedMap, ScalarFloat, ...) as plain Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or type(value).__name__ == "ScalarBoolean":
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()  # Semgrep reads YAML timestamps as strings
    return value


def _child(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found: Node = value_node
            return found
    return None


def _line(node: Node | None) -> int:
    return int(node.start_mark.line) + 1 if node is not None else 1


def _scalars(node: Node) -> Iterator[tuple[ScalarNode, int]]:
    """Every scalar under ``node`` with the line to report it on (a key's line for values)."""
    # Aliases share nodes; visiting each once keeps an alias bomb from exploding the walk.
    stack: list[tuple[Node, int]] = [(node, _line(node))]
    seen: set[int] = set()
    while stack:
        current, line = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ScalarNode):
            yield current, line
        elif isinstance(current, MappingNode):
            for key_node, value_node in reversed(current.value):
                stack.append((value_node, _line(key_node)))
                stack.append((key_node, _line(key_node)))
        elif isinstance(current, SequenceNode):
            stack.extend((item, _line(item)) for item in reversed(current.value))


def _reject_floats_and_nulls(rule: Node, where: str, rule_id: str) -> None:
    """Semgrep crashes with a traceback on a YAML float anywhere in a rule, and refuses nulls."""
    for node, line in _scalars(rule):
        label = f"{where}:{line}: rule '{rule_id}'"
        if node.tag == _FLOAT_TAG:
            raise RuleError(
                f"{label}: {node.value} is a YAML float, which Semgrep cannot read; "
                f'quote it ("{node.value}")'
            )
        if node.tag == _NULL_TAG:
            raise RuleError(f"{label}: empty (null) value, which Semgrep refuses")


def display(path: Path) -> str:
    """The path relative to the working directory when it is inside it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
