"""A cost bound on the YAML files handed to Semgrep.

Semgrep builds a YAML target's whole tree with aliases expanded: a 500-byte alias bomb under
``.github/workflows/`` drove it to 8 GB, and 300 KB of nested brackets kept it parsing for 70 s.
Each YAML target is therefore read here first as a stream of parser events (no tree is built,
aliases are counted, not expanded) and one that would expand past a bound, or nest too deeply,
is not given to Semgrep: it is reported as a file the engine could not parse.
"""

from __future__ import annotations

MAX_DEPTH = 100  # nested collections; real workflows and configs stay far below
MAX_EXPANDED_NODES = 100_000  # nodes aliases may add, beyond ALIAS_FACTOR x the file's own
ALIAS_FACTOR = 10
SUFFIXES = (".yml", ".yaml")


def problem(data: bytes) -> str | None:
    """Why ``data`` must not reach Semgrep, or None. A file that is not valid YAML passes:
    Semgrep reports its syntax error itself, and a parser that stops early costs nothing."""
    import yaml  # only scans with YAML targets pay for the import

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}  # anchor -> nodes in its subtree, aliases expanded
    open_anchors: list[tuple[str | None, int]] = []  # (anchor, nodes before it) per collection
    nodes = written = 0  # nodes with aliases expanded / nodes written in the file
    try:
        for event in yaml.parse(data, Loader=loader):
            if isinstance(event, yaml.ScalarEvent):
                nodes += 1
                written += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                nodes += 1
                written += 1
                open_anchors.append((event.anchor, nodes - 1))
                if len(open_anchors) > MAX_DEPTH:
                    return f"YAML nested more than {MAX_DEPTH} levels deep"
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, before = open_anchors.pop()
                if anchor:
                    sizes[anchor] = nodes - before
            elif isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor or "")
                if size is None:
                    if any(anchor == event.anchor for anchor, _ in open_anchors):
                        return f"YAML alias *{event.anchor} refers to a node that contains it"
                    continue  # an undefined alias: Semgrep reports the error
                nodes += size
                written += 1
                if nodes - written > max(MAX_EXPANDED_NODES, ALIAS_FACTOR * written):
                    return (
                        f"YAML aliases expand to more than {nodes:,} nodes "
                        f"({written:,} written; limit {MAX_EXPANDED_NODES:,} added)"
                    )
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml refuses more than 1,000 levels itself
            return f"YAML nested more than {MAX_DEPTH} levels deep"
        return None
    except (UnicodeDecodeError, ValueError):
        return None
    return None
