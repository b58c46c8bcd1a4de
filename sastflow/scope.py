"""The action's ``paths`` and ``paths-ignore`` inputs: which files a run may scan, on top of
the config's ``exclude`` and the ignore file.

They arrive as ``SASTFLOW_PATHS`` and ``SASTFLOW_PATHS_IGNORE``, one gitignore-style pattern per
line (blank lines and ``#`` comments are skipped), matched against the repository-relative path
as ``exclude`` is. With ``SASTFLOW_PATHS`` set, only files matching one of its patterns are
scanned; a file matching ``SASTFLOW_PATHS_IGNORE`` never is. Both apply alike to a full scan and
to the files a pull request changes (``sastflow pr``), which is why they are read from the
environment where the targets are chosen rather than threaded through each command.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import pathspec

from sastflow.errors import UsageError

PATHS = "SASTFLOW_PATHS"
PATHS_IGNORE = "SASTFLOW_PATHS_IGNORE"


def _spec(environ: Mapping[str, str], name: str) -> pathspec.GitIgnoreSpec | None:
    lines = environ.get(name, "").splitlines()
    patterns = [line.strip() for line in lines]
    if not any(p and not p.startswith("#") for p in patterns):
        return None
    for number, pattern in enumerate(patterns, 1):
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except ValueError as exc:  # pathspec's GitWildMatchPatternError is a ValueError
            raise UsageError(
                f"{name} line {number}: {pattern!r} is not a valid pattern: {exc}"
            ) from None
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def in_scope(environ: Mapping[str, str] | None = None) -> Callable[[str], bool]:
    """Whether a repository-relative path may be scanned under ``paths``/``paths-ignore``."""
    environ = os.environ if environ is None else environ
    only, ignored = _spec(environ, PATHS), _spec(environ, PATHS_IGNORE)
    if only is None and ignored is None:
        return lambda _path: True

    def check(path: str) -> bool:
        if only is not None and not only.match_file(path):
            return False
        return ignored is None or not ignored.match_file(path)

    return check
