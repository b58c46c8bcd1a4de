"""The jinja2 environment for report templates, with the escapers as filters.

Autoescape is on for ``*.html.j2`` (HTML context: jinja2/markupsafe escapes every value) and off
for ``*.md.j2``, where each value must go through one of the Markdown filters instead
(``md_text``, ``md_cell``, ``md_code``, ``md_code_cell``, ``md_block``). ``StrictUndefined``
turns a misspelt variable into an error instead of an empty string. The HTML environment also
reveals invisible characters (bidi overrides, zero-width) in every value it prints.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
import markupsafe

from sastflow.render import escape


def md_cell_code(value: Any) -> str:
    """Inline code inside a GFM table cell (``|`` escaped the way tables require)."""
    return escape.md_inline_code(str(value), in_table=True)


def add_filters(env: jinja2.Environment) -> jinja2.Environment:
    """Register sastflow's escapers on any environment (other packages' templates use this)."""
    env.filters.update(
        md_text=lambda v, limit=None: escape.md_text(str(v), limit=limit),
        md_cell=lambda v, limit=None: escape.md_table_cell(str(v), limit=limit),
        md_code=lambda v: escape.md_inline_code(str(v)),
        md_code_cell=md_cell_code,
        md_block=lambda v, lang="": escape.md_code_block(str(v), lang),
        workflow_data=lambda v: escape.workflow_data(str(v)),
        workflow_property=lambda v: escape.workflow_property(str(v)),
    )
    return env


def _reveal(value: Any) -> Any:
    """HTML ``finalize``: show invisible characters in every value (Trojan Source, bidi)."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return escape.reveal_invisible(value)
    return value


def _build(*, html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sastflow.render", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2", "html"), default_for_string=True, default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_reveal if html else None,
    )
    return add_filters(env)


@functools.cache
def environment() -> jinja2.Environment:
    """The environment for Markdown templates (built once per process)."""
    return _build(html=False)


@functools.cache
def html_environment() -> jinja2.Environment:
    """The environment for HTML templates: autoescape, and invisible characters revealed."""
    return _build(html=True)
