"""Python the engines would not see by its name: scanned through a materialised "view".

The engines pick files by lowercase suffix (``.py``), so Python that is named otherwise would
pass every rule: ``evil.PY``, an executable ``bin/deploy`` starting ``#!/usr/bin/env python3``,
a notebook's code cells, and source that spells identifiers in NFKC-equivalent characters
(Python reads ``ｓｕｂｐｒｏｃｅｓｓ`` as ``subprocess``; Semgrep matches the characters).
Rather than teach every engine, sastflow writes each such file into a temporary tree under a
name the engines take (:func:`view_name`), transformed so its code is what Python runs, and runs the
engines on that tree as one more request. :meth:`Views.restore` then maps every finding back:
the path is the repository's (SARIF names ``nb.ipynb``, never ``nb.ipynb.py``) and the line is
the repository file's own line.

- A renamed copy (``evil.PY`` → ``evil.PY.py``, ``bin/deploy`` → ``bin/deploy.py``) keeps every
  line where it is.
- A notebook becomes its code cells one after another (``nb.ipynb`` → ``nb.ipynb.py``); IPython
  magics and shell escapes (``%time``, ``!pip install``, ``x = !ls``) become ``pass`` so the
  rest parses, and a ``%%cell`` magic's whole cell is left out. Each extracted line maps to the
  line of the notebook's JSON that holds that source line (Jupyter writes one JSON string per
  source line), so a finding points at the cell and the line within it, and a PR comment lands
  on the changed line of the notebook's diff.
- Identifiers are NFKC-normalised as Python's parser does (through :mod:`tokenize`, so strings
  and comments stay as written; line numbers are kept; a column can move where a character
  normalises to several).
"""

from __future__ import annotations

import bisect
import enum
import io
import json
import re
import tokenize
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, not in typeshed
from pathlib import Path

from sastflow.model import EngineRun, Finding

PYTHON_SUFFIXES = (".py", ".pyw", ".pyi")
NOTEBOOK_SUFFIX = ".ipynb"
_SHEBANG = re.compile(rb"#![^\n]*?\b(?:python|pypy)[0-9.]*(?:\s|$)")
_SNIFF = 256
_MAX_JSON_DEPTH = 64


class Kind(enum.Enum):
    """How a file that is Python by content reaches the engines."""

    PYTHON = "python"  # a copy under a name the engines take, identifiers normalised
    NOTEBOOK = "notebook"  # the code cells, with a line map back to the notebook's JSON


@dataclass(frozen=True, slots=True)
class Skipped:
    """A target sastflow could not scan, and why (reports list it; a PR gate blocks on it)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ViewTarget:
    path: str  # as the repository has it
    kind: Kind


# --- what is Python -------------------------------------------------------------------------


def kind_of(root: Path, path: str) -> Kind | None:
    """Whether ``path`` is Python by name (any case), a notebook, or a script whose first line
    is a Python shebang (the executable bit is not required: ``python bin/deploy`` runs it)."""
    lower = path.lower()
    if lower.endswith(NOTEBOOK_SUFFIX):
        return Kind.NOTEBOOK
    if lower.endswith(PYTHON_SUFFIXES):
        return Kind.PYTHON
    try:
        with (root / path).open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return None
    return Kind.PYTHON if _SHEBANG.match(head) else None


def needs_normalising(root: Path, path: str) -> bool:
    """Whether the file spells an identifier that NFKC normalisation changes."""
    try:
        data = (root / path).read_bytes()
    except OSError:
        return False
    if data.isascii():
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if unicodedata.is_normalized("NFKC", text) or not any(
        _disguised(word) for word in _non_ascii_words(text)
    ):
        return False
    return normalise_identifiers(text) != text


_NON_ASCII_LETTER = re.compile(r"[^\W\x00-\x7f]")
_WORD = re.compile(r"\w+")


def _non_ascii_words(text: str) -> set[str]:
    """The words of ``text`` holding a non-ASCII letter or digit (from the few lines with one)."""
    starts = {text.rfind("\n", 0, m.start()) + 1 for m in _NON_ASCII_LETTER.finditer(text)}
    words: set[str] = set()
    for start in starts:
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        words.update(w for w in _WORD.findall(line) if not w.isascii())
    return words


def _disguised(word: str) -> bool:
    """Whether ``word`` is an ASCII name in other characters (``ｅｖａｌ``, ``ﬁle``): the
    names rules watch are ASCII, so only those matter, and text that has none (``µs``,
    accented words in strings) is not tokenized at all."""
    normal = unicodedata.normalize("NFKC", word)
    return normal != word and normal.isascii() and normal.isidentifier()


def normalise_identifiers(text: str) -> str:
    """``text`` with every identifier NFKC-normalised, as Python's parser reads it; strings,
    comments and line breaks untouched. Text :mod:`tokenize` cannot read is returned as is
    (Bandit then reports it unparsable, which a PR gate blocks on)."""
    lines = text.splitlines(keepends=True)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.NAME or token.string.isascii():
                continue
            normal = unicodedata.normalize("NFKC", token.string)
            if normal != token.string and token.start[0] == token.end[0]:
                row, start = token.start
                edits.setdefault(row - 1, []).append((start, token.end[1], normal))
    except (tokenize.TokenError, SyntaxError):
        return text
    for index, changes in edits.items():
        line = lines[index]
        for start, end, normal in sorted(changes, reverse=True):
            line = line[:start] + normal + line[end:]
        lines[index] = line
    return "".join(lines)


# --- notebooks ------------------------------------------------------------------------------


class NotebookError(ValueError):
    """The file is not a notebook sastflow can read."""


class _Located(str):
    """A JSON string that remembers the line of the document it was read from."""

    line: int


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WS = re.compile(r"[ \t\n\r]*")
_LITERALS = {"true": True, "false": False, "null": None}


class _LocatingParser:
    """A small JSON parser that keeps each string's line (``json`` keeps none)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def parse(self) -> object:
        value, pos = self._value(_WS.match(self.text, 0).end(), 0)  # type: ignore[union-attr]
        if _WS.match(self.text, pos).end() != len(self.text):  # type: ignore[union-attr]
            raise NotebookError(f"line {self.line_of(pos)}: extra data after the JSON document")
        return value

    def _skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def _fail(self, pos: int, what: str) -> NotebookError:
        return NotebookError(f"line {self.line_of(pos)}: {what}")

    def _value(self, pos: int, depth: int) -> tuple[object, int]:
        if depth > _MAX_JSON_DEPTH:
            raise self._fail(pos, "nested too deeply for a notebook")
        text = self.text
        char = text[pos : pos + 1]
        if char == '"':
            try:
                value, end = scanstring(text, pos + 1)
            except json.JSONDecodeError as exc:
                raise self._fail(pos, exc.msg) from None
            located = _Located(value)
            located.line = self.line_of(pos)
            return located, end
        if char == "{":
            return self._object(pos + 1, depth)
        if char == "[":
            return self._array(pos + 1, depth)
        for word, literal in _LITERALS.items():
            if text.startswith(word, pos):
                return literal, pos + len(word)
        number = _NUMBER.match(text, pos)
        if number is None or not number.group():
            raise self._fail(pos, "not JSON")
        return json.loads(number.group()), number.end()

    def _object(self, pos: int, depth: int) -> tuple[object, int]:
        out: dict[str, object] = {}
        pos = self._skip(pos)
        if self.text.startswith("}", pos):
            return out, pos + 1
        while True:
            if not self.text.startswith('"', pos):
                raise self._fail(pos, "expected a key")
            key, pos = self._value(pos, depth + 1)
            pos = self._skip(pos)
            if not self.text.startswith(":", pos):
                raise self._fail(pos, "expected ':'")
            value, pos = self._value(self._skip(pos + 1), depth + 1)
            out[str(key)] = value
            pos = self._skip(pos)
            if self.text.startswith(",", pos):
                pos = self._skip(pos + 1)
                continue
            if self.text.startswith("}", pos):
                return out, pos + 1
            raise self._fail(pos, "expected ',' or '}'")

    def _array(self, pos: int, depth: int) -> tuple[object, int]:
        out: list[object] = []
        pos = self._skip(pos)
        if self.text.startswith("]", pos):
            return out, pos + 1
        while True:
            value, pos = self._value(pos, depth + 1)
            out.append(value)
            pos = self._skip(pos)
            if self.text.startswith(",", pos):
                pos = self._skip(pos + 1)
                continue
            if self.text.startswith("]", pos):
                return out, pos + 1
            raise self._fail(pos, "expected ',' or ']'")


# An IPython line magic or shell escape, alone or assigned (`%time f()`, `!pip install x`,
# `files = !ls`), or a help request (`obj?`, `?obj`, `obj??`). `%%bash` starts a cell magic:
# the whole cell is not Python.
_MAGIC = re.compile(r"^(?P<indent>[ \t]*)(?:[%!?]|[\w.,\s\[\]]+=\s*[%!]|[\w.\[\]()]+\?{1,2}\s*$)")
_CELL_MAGIC = re.compile(r"^\s*%%")


def _cell_source(cell: dict[str, object]) -> list[_Located]:
    """A cell's source as lines, each knowing its notebook line (a single-string source maps
    every line to that string's line)."""
    source = cell.get("source", [])
    pieces = [source] if isinstance(source, str) else source
    if not isinstance(pieces, list):
        raise NotebookError("a cell's source is neither a string nor a list of strings")
    lines: list[_Located] = []
    for piece in pieces:
        if not isinstance(piece, _Located):
            raise NotebookError("a cell's source holds something that is not a string")
        for part in piece.splitlines():
            located = _Located(part)
            located.line = piece.line
            lines.append(located)
    return lines


def _language(document: dict[str, object]) -> str | None:
    """The notebook's kernel language, when its metadata names one."""
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return None
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        section = metadata.get(key)
        if isinstance(section, dict) and isinstance(section.get(field), str):
            return str(section[field]).lower()
    return None


def extract_notebook(text: str) -> tuple[str, tuple[int, ...]] | None:
    """The code cells of a notebook as one Python source, and for each of its lines the
    notebook line it came from; None for a notebook of another language (R, Julia: not a
    target, like an ``.R`` file). Raises :class:`NotebookError` for anything not a notebook."""
    document = _LocatingParser(text).parse()
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise NotebookError("no 'cells' list: not a Jupyter notebook (nbformat 4)")
    language = _language(document)
    if language is not None and not language.startswith(("python", "ipython")):
        return None
    out: list[str] = []
    origin: list[int] = []
    for cell in document["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        lines = _cell_source(cell)
        if lines and _CELL_MAGIC.match(lines[0]):
            continue  # %%bash, %%html...: the cell is another language
        for line in lines:
            magic = _MAGIC.match(line)
            out.append(f"{magic.group('indent')}pass" if magic else str(line))
            origin.append(line.line)
    return "".join(line + "\n" for line in out), tuple(origin)


# --- the view tree --------------------------------------------------------------------------


def view_name(path: str, kind: Kind) -> str:
    """The name a view file gets: the repository's name with ``.py`` appended, which no other
    view file can have (a ``.py`` file in a view is one whose identifiers needed normalising,
    and it keeps its own name)."""
    if kind is Kind.PYTHON and path.endswith(".py"):
        return path
    return f"{path}.py"


@dataclass(frozen=True, slots=True)
class Views:
    """A materialised view tree: what to hand the engines and how to map their results back."""

    root: Path
    targets: tuple[str, ...]  # view-relative
    origin: dict[str, str]  # view path -> repository path
    lines: dict[str, tuple[int, ...]]  # view path -> repository line of each view line
    skipped: tuple[Skipped, ...] = ()

    def restore(self, run: EngineRun, native: Callable[[str], bool]) -> EngineRun:
        """``run`` (on this view) with repository paths and lines. Results for a file this
        engine also scanned as it is (``native(path)``: Bandit takes ``x.pyw``, Semgrep does
        not) are dropped: no duplicates."""
        findings = tuple(
            self._restore(f) for f in run.findings if not native(self.origin.get(f.path, ""))
        )
        unparsed = tuple(
            self.origin[p] for p in run.unparsed if p in self.origin and not native(self.origin[p])
        )
        warnings = tuple(self._rename(w) for w in run.warnings)
        return replace(run, findings=findings, unparsed=unparsed, warnings=warnings)

    def _rename(self, text: str) -> str:
        for view, origin in self.origin.items():
            if view != origin and view in text:
                text = text.replace(view, origin)
        return text

    def _restore(self, finding: Finding) -> Finding:
        origin = self.origin.get(finding.path)
        if origin is None:
            return finding
        location = finding.location
        lines = self.lines.get(finding.path)
        if lines:
            start = _mapped(lines, location.start_line)
            end = max(start, _mapped(lines, location.end_line))
            location = replace(location, start_line=start, end_line=end)
        return replace(finding, location=replace(location, path=origin))


def _mapped(lines: tuple[int, ...], line: int) -> int:
    return lines[min(max(line, 1), len(lines)) - 1]


def materialise(source: Path, targets: Iterable[ViewTarget], into: Path) -> Views:
    """Write the view of each target (read from ``source``) under ``into``."""
    written: list[str] = []
    origin: dict[str, str] = {}
    line_maps: dict[str, tuple[int, ...]] = {}
    skipped: list[Skipped] = []
    for target in targets:
        try:
            data = (source / target.path).read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            skipped.append(Skipped(target.path, f"unreadable ({exc.strerror or exc})"))
            continue
        name = view_name(target.path, target.kind)
        view: bytes | str = data
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # A script in another encoding (PEP 263) goes to the engines as it is; a notebook
            # is JSON, which is UTF-8.
            if target.kind is Kind.NOTEBOOK:
                skipped.append(Skipped(target.path, "not a readable notebook: not UTF-8"))
                continue
        else:
            if target.kind is Kind.NOTEBOOK:
                try:
                    extracted = extract_notebook(text)
                except NotebookError as exc:
                    skipped.append(Skipped(target.path, f"not a readable notebook: {exc}"))
                    continue
                if extracted is None:
                    continue
                text, lines = extracted
                if lines:
                    line_maps[name] = lines
            view = normalise_identifiers(text)
        dest = into / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(view, str):
            dest.write_text(view, encoding="utf-8")
        else:
            dest.write_bytes(view)
        written.append(name)
        origin[name] = target.path
    return Views(into, tuple(written), origin, line_maps, tuple(skipped))


def merge_runs(direct: Sequence[EngineRun], view: Sequence[EngineRun]) -> list[EngineRun]:
    """One run per engine: its direct results and its results through the views."""
    out: list[EngineRun] = []
    for run, extra in zip(direct, view, strict=True):
        out.append(
            replace(
                run,
                findings=run.findings + extra.findings,
                failure=run.failure or extra.failure,
                duration=run.duration + extra.duration,
                scanned_files=run.scanned_files + extra.scanned_files,
                warnings=run.warnings + extra.warnings,
                unparsed=run.unparsed + extra.unparsed,
                rules=run.rules + tuple(r for r in extra.rules if r not in run.rules),
                version=run.version or extra.version,
            )
        )
    return out
