"""Project configuration: `.sastflow.toml` or `[tool.sastflow]` in `pyproject.toml`, validated.

In PR mode the caller hands in the base commit's text (`parse`), so a pull request cannot loosen
its own configuration.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sastflow import gitio
from sastflow.engines.registry import NAMES as KNOWN_ENGINES
from sastflow.errors import ConfigError
from sastflow.model import Severity

if TYPE_CHECKING:
    from sastflow.engines.interface import RulePack

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

CONFIG_FILES = (".sastflow.toml", "pyproject.toml")
DEFAULT_TEST_PATHS = ("tests/", "test_*.py", "*_test.py", "conftest.py")
# A config file is a few hundred bytes; a pyproject.toml a few kilobytes. Beyond this it is not
# one, and parsing it (tomllib is pure Python) would only cost time.
MAX_CONFIG_BYTES = 1024 * 1024
MAX_TIMEOUT = 24 * 3600.0  # seconds per engine: a day, far beyond any real scan
MAX_EXPIRY_DAYS = 3650  # ten years; the dates stay far from datetime's year-9999 end
MAX_COUNT = 1_000_000  # any other whole-number setting


def _shown(value: str, limit: int = 80) -> str:
    """A value quoted in a message: repr (one line, escapes shown), cut to ``limit``."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Config:
    fail_on: Severity | None = Severity.HIGH  # None: never fail on findings
    engines: tuple[str, ...] = KNOWN_ENGINES
    rules: tuple[str, ...] = ()  # extra Semgrep rule folders/files, repository-relative
    use_default_rules: bool = True
    exclude: tuple[str, ...] = ()  # gitignore-style patterns
    timeout: float = 600.0  # seconds per engine
    max_expiry_days: int = 180
    security_owners: tuple[str, ...] = ()
    honor_inline_suppressions: bool = True
    max_inline_comments: int = 25
    ledger: str = "triage/ledger.yml"
    cache_max_mb: int = 500  # the result cache's size bound; least recently used goes first
    # gitignore-style: findings there are one severity level lower (not taint-confirmed
    # injection or deserialisation; see SECURITY.md)
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    expiry_warning_days: int = 14  # ledger entries expiring this soon are announced (0: off)
    source: str = field(default="(defaults)", compare=False)  # where it was read from


def parse_fail_on(text: str) -> Severity | None:
    """``never`` disables the gate; otherwise a severity name. Raises ValueError."""
    if text.strip().lower() == "never":
        return None
    level = Severity.parse(text)
    if level is Severity.INFO:
        raise ValueError("'info' is not a gate level (critical, high, medium, low, never)")
    return level


def _str_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("must be a list of non-empty strings")
    return tuple(value)


def _test_paths(value: Any) -> tuple[str, ...]:
    """gitignore-style patterns (an empty list is allowed: nothing matches)."""
    import pathspec

    patterns = _str_list(value)
    try:
        pathspec.GitIgnoreSpec.from_lines(patterns)
    except ValueError as exc:  # pathspec's GitIgnorePatternError, e.g. for a lone "!"
        raise ValueError(f"not a valid gitignore-style pattern list ({exc})") from None
    return patterns


def _engines(value: Any) -> tuple[str, ...]:
    names = _str_list(value)
    for name in names:
        if name not in KNOWN_ENGINES:
            raise ValueError(f"unknown engine {_shown(name)} (known: {', '.join(KNOWN_ENGINES)})")
    if not names:
        raise ValueError("must name at least one engine")
    # Two runs of one engine have one identity, and code scanning rejects the upload.
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"{', '.join(map(repr, twice))} listed more than once")
    return names


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def seconds(value: Any, limit: float = MAX_TIMEOUT, *, zero: bool = False) -> float:
    """Seconds: finite, above zero (or zero, with ``zero``), at most ``limit`` (inf, nan and
    2**63 overflow timers or wait for ever)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a positive number of seconds")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"must be a finite number of seconds, not {value}")
    if not (value >= 0 if zero else value > 0) or value > limit:
        low = "at least 0" if zero else "more than 0"
        raise ValueError(f"must be {low} and at most {limit:g} seconds, not {value:g}")
    return float(value)


def bounded_int(low: int, high: int) -> Callable[[Any], int]:
    """A validator for a whole number in ``low..high`` (both included)."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number from {low} to {high}")
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}, not {value}")
        return value

    return check


_positive_int = bounded_int(0, MAX_COUNT)


def _repo_path(value: Any) -> str:
    """A path inside the repository: read from the base commit in PR mode, so it must not
    climb out of the tree (``..``, absolute) or hold bytes no file name has."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty path")
    if any(ch < " " or ch == "\x7f" for ch in value):
        raise ValueError(f"{_shown(value)} holds a control character")
    if value.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", value):
        raise ValueError(
            f"{_shown(value)} must be a path inside the repository (no '..', not absolute)"
        )
    return value


def _repo_paths(value: Any) -> tuple[str, ...]:
    return tuple(_repo_path(v) for v in _str_list(value))


def _patterns(value: Any) -> tuple[str, ...]:
    """gitignore-style patterns, each compiled here so a bad one is named, not a crash later."""
    patterns = _str_list(value)
    for pattern in patterns:
        if problem := pattern_problem(pattern):
            raise ValueError(problem)
    return patterns


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with one gitignore-style pattern (None: nothing)."""
    import pathspec

    if "\0" in pattern or "\n" in pattern or "\r" in pattern:
        return f"{_shown(pattern)} holds a control character"
    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except (ValueError, TypeError) as exc:  # GitIgnorePatternError is a ValueError
        return f"{_shown(pattern)} is not a valid gitignore pattern ({exc})"
    return None


def ignore_patterns(text: str | None, source: str) -> tuple[str, ...]:
    """The patterns of an ignore file (``.semgrepignore``): one a line, ``#`` comments; a line
    that is not a valid pattern is a :class:`ConfigError` naming the file and line."""
    if not text:
        return ()
    patterns = []
    for number, line in enumerate(text.splitlines(), 1):
        pattern = line.strip()
        if not pattern or line.startswith("#"):
            continue
        if problem := pattern_problem(pattern):
            raise ConfigError(f"{source}:{number}: {problem}")
        patterns.append(pattern)
    return tuple(patterns)


def _fail_on(value: Any) -> Severity | None:
    if not isinstance(value, str):
        raise ValueError("must be a string: critical, high, medium, low or never")
    return parse_fail_on(value)


def _owners(value: Any) -> tuple[str, ...]:
    owners = _str_list(value)
    for owner in owners:
        if not re.fullmatch(r"@?[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9._-]+)?", owner):
            raise ValueError(f"{_shown(owner)} is not a GitHub login or @org/team")
    return tuple(o.lstrip("@") if "/" not in o else o for o in owners)


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "fail_on": _fail_on,
    "engines": _engines,
    "rules": _repo_paths,
    "use_default_rules": _bool,
    "exclude": _patterns,
    "timeout": seconds,
    "max_expiry_days": bounded_int(0, MAX_EXPIRY_DAYS),
    "security_owners": _owners,
    "honor_inline_suppressions": _bool,
    "max_inline_comments": bounded_int(0, 10_000),  # the job caps it at 30 with a note
    "ledger": _repo_path,
    "cache_max_mb": bounded_int(0, MAX_COUNT),  # 0 keeps nothing
    "test_paths": _test_paths,
    "expiry_warning_days": bounded_int(0, MAX_EXPIRY_DAYS),
}
assert set(_VALIDATORS) == {f.name for f in fields(Config)} - {"source"}  # noqa: S101


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 0


def _where(source: str, text: str, key: str) -> str:
    line = _line_of(text, key)
    return f"{source}:{line}" if line else source


def from_mapping(table: Mapping[str, Any], source: str, text: str = "") -> Config:
    """Validate a parsed table; every problem names the file, line and key."""
    values: dict[str, Any] = {}
    for key, raw in table.items():
        validator = _VALIDATORS.get(key)
        if validator is None:
            hint = key.replace("-", "_")
            extra = f" (did you mean {hint!r}?)" if hint in _VALIDATORS else ""
            raise ConfigError(f"{_where(source, text, key)}: unknown key {_shown(key)}{extra}")
        try:
            values[key] = validator(raw)
        except ValueError as exc:
            raise ConfigError(f"{_where(source, text, key)}: {key}: {exc}") from None
    return Config(**values, source=source)


def parse(text: str, source: str, *, pyproject: bool | None = None) -> Config:
    """Parse a config file's text. ``source`` is its display name; ``pyproject`` says whether
    the text is a ``pyproject.toml`` (read ``[tool.sastflow]`` only), by default from the name."""
    if pyproject is None:
        pyproject = Path(source).name == "pyproject.toml"
    if len(text) > MAX_CONFIG_BYTES:
        raise _too_large(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid TOML: nested too deeply") from None
    if pyproject:
        tool = data.get("tool", {})
        table = tool.get("sastflow", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: [tool.sastflow] must be a table")
        return from_mapping(table, source, text)
    return from_mapping(data, source, text)


def decode(data: bytes, source: str) -> str:
    """A config file's bytes as text; bytes that are not UTF-8 are named by line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = f"byte 0x{data[exc.start]:02x} at column {column}, byte offset {exc.start}"
        raise ConfigError(f"{source}:{line}: not valid UTF-8 ({byte})") from None


def _mentions_sastflow(data: bytes) -> bool:
    return b"[tool.sastflow" in data


def find(root: Path) -> Path | None:
    """The config file in ``root``: `.sastflow.toml` wins over `pyproject.toml`."""
    for name in CONFIG_FILES:
        candidate = root / name
        if candidate.is_file():
            if name == "pyproject.toml" and not _mentions_sastflow(_read_bytes(candidate, name)):
                continue
            return candidate
        if name == ".sastflow.toml" and candidate.exists():
            # A folder (or a device) by that name is a mistake, not "no config".
            raise ConfigError(f"{name}: not a regular file; the config must be a TOML file")
    return None


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read config: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise _too_large(shown)
    return data


def _too_large(source: str) -> ConfigError:
    return ConfigError(
        f"{source}: too large for a config file (at most {MAX_CONFIG_BYTES // 1024} KiB)"
    )


def at_revision(root: Path, rev: str) -> Config | None:
    """The config file as commit ``rev`` of the repository has it (None if it has none), by
    the rules of :func:`find`: a PR's own copy is untrusted, so diff-aware runs read the base's."""
    for name in CONFIG_FILES:
        data = gitio.show(root, rev, name)
        if data is None:
            if name == ".sastflow.toml" and gitio.ls_tree(root, rev, name):
                raise ConfigError(
                    f"{name}@{rev[:12]}: a folder, not a regular file; the config must be a "
                    "TOML file"
                )
            continue
        if name == "pyproject.toml" and not _mentions_sastflow(data):
            continue
        source = f"{name}@{rev[:12]}"
        if len(data) > MAX_CONFIG_BYTES:
            raise _too_large(source)
        return parse(decode(data, source), source, pyproject=name == "pyproject.toml")
    return None


def load(root: Path, explicit: Path | None = None) -> Config:
    path = explicit if explicit is not None else find(root)
    if path is None:
        return Config()
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.is_file():
        raise ConfigError(f"{shown}: not a regular file; the config must be a TOML file")
    return parse(
        decode(_read_bytes(path, shown), shown), shown, pyproject=path.name == "pyproject.toml"
    )


def with_overrides(config: Config, **overrides: Any) -> Config:
    """Command-line flags override the file. Callers pass only the flags given: ``None`` is a
    real value here (``fail_on=None`` is ``--fail-on never``)."""
    return replace(config, **overrides) if overrides else config


DEFAULT_PACK_NAME = "sastflow"


def rule_packs(config: Config, tree: Path, where: str | None = None) -> tuple[RulePack, ...]:
    """The rule packs ``config`` names, read from ``tree``: the bundled pack unless turned off,
    then each ``rules`` folder. A missing folder is a :class:`ConfigError` (``where``: the tree
    named in the message, e.g. "the base commit ...")."""
    from sastflow import rulepack
    from sastflow.engines.interface import RulePack

    packs: list[RulePack] = []
    if config.use_default_rules:
        packs.append(RulePack(DEFAULT_PACK_NAME, rulepack.default_pack_dir()))
    for folder in config.rules:
        path = tree / folder
        if not path.exists():
            suffix = f" in {where}" if where is not None else ""
            raise ConfigError(f"{config.source}: rules: {folder!r} does not exist{suffix}")
        packs.append(RulePack(Path(folder).name or "rules", path))
    return tuple(packs)
