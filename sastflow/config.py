"""Project configuration: `.sastflow.toml` or `[tool.sastflow]` in `pyproject.toml`, validated.

In PR mode the caller hands in the base commit's text (`parse`), so a pull request cannot loosen
its own configuration.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sastflow import gitio
from sastflow.errors import ConfigError
from sastflow.model import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

CONFIG_FILES = (".sastflow.toml", "pyproject.toml")
KNOWN_ENGINES = ("semgrep", "bandit")


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


def _engines(value: Any) -> tuple[str, ...]:
    names = _str_list(value)
    for name in names:
        if name not in KNOWN_ENGINES:
            raise ValueError(f"unknown engine {name!r} (known: {', '.join(KNOWN_ENGINES)})")
    if not names:
        raise ValueError("must name at least one engine")
    return names


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("must be a positive number of seconds")
    return float(value)


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number >= 0")
    return value


def _non_empty_str(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def _fail_on(value: Any) -> Severity | None:
    if not isinstance(value, str):
        raise ValueError("must be a string: critical, high, medium, low or never")
    return parse_fail_on(value)


def _owners(value: Any) -> tuple[str, ...]:
    owners = _str_list(value)
    for owner in owners:
        if not re.fullmatch(r"@?[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9._-]+)?", owner):
            raise ValueError(f"{owner!r} is not a GitHub login or @org/team")
    return tuple(o.lstrip("@") if "/" not in o else o for o in owners)


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "fail_on": _fail_on,
    "engines": _engines,
    "rules": _str_list,
    "use_default_rules": _bool,
    "exclude": _str_list,
    "timeout": _positive_number,
    "max_expiry_days": _positive_int,
    "security_owners": _owners,
    "honor_inline_suppressions": _bool,
    "max_inline_comments": _positive_int,
    "ledger": _non_empty_str,
    "expiry_warning_days": _positive_int,
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
            raise ConfigError(f"{_where(source, text, key)}: unknown key {key!r}{extra}")
        try:
            values[key] = validator(raw)
        except ValueError as exc:
            raise ConfigError(f"{_where(source, text, key)}: {key}: {exc}") from None
    return Config(**values, source=source)


def parse(text: str, source: str) -> Config:
    """Parse a config file's text. ``source`` is its display name (``pyproject.toml`` or not)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    if Path(source).name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("sastflow", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: [tool.sastflow] must be a table")
        return from_mapping(table, source, text)
    return from_mapping(data, source, text)


def find(root: Path) -> Path | None:
    """The config file in ``root``: `.sastflow.toml` wins over `pyproject.toml`."""
    for name in CONFIG_FILES:
        candidate = root / name
        if candidate.is_file():
            if name == "pyproject.toml" and b"[tool.sastflow" not in candidate.read_bytes():
                continue
            return candidate
    return None


def at_revision(root: Path, rev: str) -> Config | None:
    """The config file as commit ``rev`` of the repository has it (None if it has none), by
    the rules of :func:`find`: a PR's own copy is untrusted, so diff-aware runs read the base's."""
    for name in CONFIG_FILES:
        data = gitio.show(root, rev, name)
        if data is None:
            continue
        text = data.decode("utf-8", "replace")
        if name == "pyproject.toml" and "[tool.sastflow" not in text:
            continue
        return parse(text, f"{name}@{rev[:12]}")
    return None


def load(root: Path, explicit: Path | None = None) -> Config:
    path = explicit if explicit is not None else find(root)
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    return parse(text, str(path.relative_to(root)) if path.is_relative_to(root) else str(path))


def with_overrides(config: Config, **overrides: Any) -> Config:
    """Command-line flags override the file. Callers pass only the flags given: ``None`` is a
    real value here (``fail_on=None`` is ``--fail-on never``)."""
    return replace(config, **overrides) if overrides else config
