"""Workflow-command escaping: finding text can never issue a command in a GitHub Actions log.

The round trip is checked against a port of the runner's own parser (`workflow_oracle`), not
against our escaper.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_oracle import one_line, revealed
from workflow_oracle import DATA, PROPERTY, parse_v2, runner_lines, unescape

from sastflow.render.escape import ZWSP, log_text, workflow_data, workflow_property

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


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_workflow_data_round_trips_and_stays_on_one_line(s: str) -> None:
    escaped = workflow_data(s)
    assert "\r" not in escaped and "\n" not in escaped
    assert unescape(escaped, DATA) == s


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_workflow_property_round_trips_without_separators(s: str) -> None:
    escaped = workflow_property(s)
    assert not set(escaped) & set("\r\n:,")
    assert unescape(escaped, PROPERTY) == s


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
