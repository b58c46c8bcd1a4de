"""Workflow-command escaping: finding text can never issue a command in a GitHub Actions log.

`parse_v2` is a line-for-line port of the runner's parser (actions/runner,
src/Runner.Common/ActionCommand.cs, ``TryParseV2`` and its unescape tables), so the round trip
is checked against what the runner actually does, not against our own escaper.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_oracle import one_line, revealed

from sastflow.render.escape import ZWSP, log_text, workflow_data, workflow_property

REGISTERED = {"error", "warning", "notice", "debug", "add-mask", "stop-commands", "set-output"}
_DATA = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))
_PROPERTY = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))

HOSTILE = "%\r\n:,=@#[]; \t\u2028\x85abc"
FRAGMENTS = [
    "::add-mask::secret",
    "::stop-commands::token",
    "\n::error::forged",
    "\r\n::set-output name=x::y",
    "##[add-mask]secret",
    "%0A",
    "%25",
    "%3A%2C",
    "title=x,line=1",
]
hostile_text = st.one_of(
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=HOSTILE, max_size=10)), max_size=6
    ).map("".join),
    st.text(max_size=40),
)


def _unescape(value: str, table: tuple[tuple[str, str], ...]) -> str:
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
                properties[pair[0]] = _unescape(pair[1], _PROPERTY)
    return name, properties, _unescape(message[end + 2 :], _DATA)


def runner_lines(output: str) -> list[str]:
    """How the runner splits a step's output into lines (.NET ReadLine: CR, LF, CRLF)."""
    return output.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_workflow_data_round_trips_and_stays_on_one_line(s: str) -> None:
    escaped = workflow_data(s)
    assert "\r" not in escaped and "\n" not in escaped
    assert _unescape(escaped, _DATA) == s


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_workflow_property_round_trips_without_separators(s: str) -> None:
    escaped = workflow_property(s)
    assert not set(escaped) & set("\r\n:,")
    assert _unescape(escaped, _PROPERTY) == s


@settings(max_examples=300, deadline=None)
@given(
    hostile_text,
    hostile_text.filter(lambda s: s != "" and not s.startswith("=")),
    st.integers(min_value=1, max_value=10**6),
)
def test_a_whole_command_parses_back_to_exactly_what_was_meant(
    message: str, title: str, line: int
) -> None:
    command = (
        f"::error file={workflow_property('app/x.py')},title={workflow_property(title)},"
        f"line={line}::{workflow_data(message)}"
    )
    lines = runner_lines(command)
    assert len(lines) == 1  # nothing after a line break the runner could take for a command
    assert parse_v2(lines[0]) == (
        "error",
        {"file": "app/x.py", "title": title, "line": str(line)},
        message,
    )


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_log_text_cannot_start_a_command_anywhere(s: str) -> None:
    out = log_text(s)
    for line in runner_lines(out):
        assert parse_v2(line) is None
        assert "##[" not in line  # the legacy parser looks for it anywhere in a line
    assert "::" not in out
    assert out.replace(ZWSP, "") == revealed(one_line(s))


def test_stop_commands_in_a_message_is_data_not_a_command() -> None:
    text = "bad\n::stop-commands::pwned\n::add-mask::x"
    line = f"::warning title={workflow_property('t:1,2')}::{workflow_data(text)}"
    assert line == "::warning title=t%3A1%2C2::bad%0A::stop-commands::pwned%0A::add-mask::x"
    assert parse_v2(line) == ("warning", {"title": "t:1,2"}, text)
