"""A port of the GitHub Actions runner's workflow-command parser, the oracle for escaping.

actions/runner, src/Runner.Common/ActionCommand.cs: ``TryParseV2`` and its unescape tables
(replacements applied in this order, ``%25`` last), and the runner's line splitting.
"""

from __future__ import annotations

REGISTERED = {"error", "warning", "notice", "debug", "add-mask", "stop-commands", "set-output"}
DATA = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))
PROPERTY = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))


def unescape(value: str, table: tuple[tuple[str, str], ...]) -> str:
    for token, replacement in table:
        value = value.replace(replacement, token)
    return value


def parse_v2(line: str) -> tuple[str, dict[str, str], str] | None:
    """The runner's ``ActionCommand.TryParseV2``."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name not in REGISTERED:
        return None
    properties: dict[str, str] = {}
    if space > 0:
        for item in info[space + 1 :].strip().split(","):
            pair = [part for part in item.split("=", 1) if part]
            if item and len(pair) == 2:
                properties[pair[0]] = unescape(pair[1], PROPERTY)
    return name, properties, unescape(message[end + 2 :], DATA)


def runner_lines(output: str) -> list[str]:
    """How the runner splits a step's output into lines (.NET ReadLine: CR, LF, CRLF)."""
    return output.replace("\r\n", "\n").replace("\r", "\n").split("\n")
