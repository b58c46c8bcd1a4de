"""``sastflow --help`` and every subcommand's help tell a user what the command does, with an
example to copy, the way ruff's and pip-audit's help do."""

from __future__ import annotations

import argparse
import re

import pytest

from sastflow.cli import build_parser, main


def commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command path the parser accepts: (), ("scan",), ("rules", "test"), ..."""
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += commands(sub, (*prefix, name))
    return found


COMMANDS = commands(build_parser())


def test_every_command_is_covered() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"", "scan", "pr", "report", "merge", "rules test", "triage accept"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "sastflow")
def test_help_says_what_it_does_with_an_example(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    usage, _, rest = text.partition("\n\n")
    assert usage.startswith(f"usage: {' '.join(('sastflow', *command))}")
    description = rest.split("\n\n", 1)[0]
    # A sentence for a user, not a docstring about the code, before the arguments.
    assert not description.startswith(("positional arguments", "options")), text
    assert len(description.split()) >= 8, text
    assert "entry point" not in text and "exit codes" not in description
    examples = text.split("\nexamples:\n", 1)
    assert len(examples) == 2, f"no examples section:\n{text}"
    lines = [line.strip() for line in examples[1].splitlines()]
    own = [line for line in lines if line.startswith(f"sastflow {' '.join(command)}".rstrip())]
    assert own, f"no example of `sastflow {' '.join(command)}`:\n{text}"
    # Each example runs a command that exists (kept as written, not refilled into a paragraph).
    known = {" ".join(c) for c in COMMANDS}
    for line in lines:
        if line.startswith("sastflow "):
            words = re.findall(r"\s([a-z][a-z-]*)(?=\s|$)", line.split("#")[0])
            assert any(" ".join(words[:n]) in known for n in (1, 2)) or "COMMAND" in line, line
