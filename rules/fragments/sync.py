"""Copy the shared taint fragments into the rule files that use them.

Semgrep has no way for one rule to reuse another's sources, so every taint rule of the pack
carries its own copy of the request sources and common sanitizers. The copies live between
marker comments::

      # fragment: request-sources
      ...
      # end fragment: request-sources

and this script rewrites what is between them from ``rules/fragments/<name>.yaml``, indented
like the opening marker. ``--check`` writes nothing and exits 1 if a copy is stale
(tests/rules/test_fragments.py runs it). Usage: ``python rules/fragments/sync.py [--check]``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FRAGMENTS = Path(__file__).resolve().parent
PACK = FRAGMENTS.parent / "semgrep"
_BLOCK = re.compile(
    r"^(?P<indent>[ ]*)# fragment: (?P<name>[a-z0-9-]+)\n"
    r"(?P<body>.*?)^(?P=indent)# end fragment: (?P=name)\n",
    re.MULTILINE | re.DOTALL,
)


def fragment_text(name: str, indent: str) -> str:
    """The fragment's lines, indented to sit under the marker."""
    lines = (FRAGMENTS / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    return "".join(f"{indent}{line}\n" if line else "\n" for line in lines)


def synced(text: str) -> str:
    """``text`` with every fragment block replaced by the current fragment."""

    def replace(match: re.Match[str]) -> str:
        indent, name = match.group("indent"), match.group("name")
        return (
            f"{indent}# fragment: {name}\n"
            f"{fragment_text(name, indent)}"
            f"{indent}# end fragment: {name}\n"
        )

    return _BLOCK.sub(replace, text)


def stale_files(pack: Path = PACK) -> list[Path]:
    """Rule files whose fragment copies differ from the fragments."""
    return [
        path
        for path in sorted(pack.rglob("*.yaml"))
        if synced(path.read_text(encoding="utf-8")) != path.read_text(encoding="utf-8")
    ]


def main(argv: list[str]) -> int:
    stale = stale_files()
    if "--check" in argv:
        for path in stale:
            print(f"{path}: fragment copy is out of date; run python rules/fragments/sync.py")
        return 1 if stale else 0
    for path in stale:
        path.write_text(synced(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"synced {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
