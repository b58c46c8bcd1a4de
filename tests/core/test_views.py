"""The view transforms on their own: notebook extraction and its line map, NFKC identifiers,
what counts as Python. Fast, no engines."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from sastflow import views
from sastflow.views import Kind, NotebookError, extract_notebook, normalise_identifiers


def _notebook(*cells: dict[str, object], metadata: dict[str, object] | None = None) -> str:
    document = {"cells": list(cells), "metadata": metadata or {}, "nbformat": 4}
    return json.dumps(document, indent=1) + "\n"


def _extract(text: str) -> tuple[str, tuple[int, ...]]:
    extracted = extract_notebook(text)
    assert extracted is not None
    return extracted


def _code(source: object) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "source": source}


def test_notebook_lines_map_to_the_json_line_of_each_source_line() -> None:
    text = _notebook(
        _code(["import os\n", "os.system(cmd)\n"]),
        {"cell_type": "markdown", "metadata": {}, "source": ["os.system(x)\n"]},
        _code(["for f in files:\n", "    !rm {f}\n", "print('é/\\u00e9')\n", "os.path?\n"]),
    )
    code, lines = _extract(text)
    assert code.splitlines() == [
        "import os",
        "os.system(cmd)",
        "for f in files:",
        "    pass",
        "print('é/\\u00e9')",
        "pass",
    ]
    ast.parse(code)  # the magic became `pass` at its indentation: the loop still parses
    json_lines = text.splitlines()
    for extracted, origin in zip(code.splitlines(), lines, strict=True):
        if extracted.strip() != "pass":
            assert json.loads(json_lines[origin - 1].strip().rstrip(",")).rstrip("\n") == extracted


def test_single_string_source_and_cell_magics() -> None:
    text = _notebook(_code("x = 1\ny = eval(x)\n"), _code("%%bash\nrm -rf /\n"))
    code, lines = _extract(text)
    assert code == "x = 1\ny = eval(x)\n"  # the %%bash cell is not Python
    string_line = next(n for n, line in enumerate(text.splitlines(), 1) if "eval" in line)
    assert lines == (string_line, string_line)


def test_a_notebook_of_another_language_is_not_python() -> None:
    r_kernel = {"kernelspec": {"language": "R", "name": "ir"}}
    assert extract_notebook(_notebook(_code("system(x)\n"), metadata=r_kernel)) is None
    python = {"language_info": {"name": "python", "version": "3.12"}}
    assert _extract(_notebook(_code("eval(x)\n"), metadata=python))[0] == "eval(x)\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "no 'cells' list"),
        ('{"cells": [', "line 1"),
        ('{"cells": [{"cell_type": "code", "source": [5]}]}', "not a string"),
        ("[" * 200 + "]" * 200, "nested too deeply"),
        ('{"cells": []} trailing', "extra data"),
    ],
)
def test_what_is_not_a_notebook_says_why(text: str, message: str) -> None:
    with pytest.raises(NotebookError, match=message):
        extract_notebook(text)


def test_identifiers_are_normalised_strings_and_comments_are_not() -> None:
    source = "ｅｖａｌ(x)  # ｅｖａｌ\ns = 'ｅｖａｌ'\nﬁle = 1\n"
    normal = normalise_identifiers(source)
    assert normal.splitlines() == ["eval(x)  # ｅｖａｌ", "s = 'ｅｖａｌ'", "file = 1"]
    assert ast.dump(ast.parse(normal)) == ast.dump(ast.parse(source))  # as Python reads it
    assert normalise_identifiers("def f(:\n  'ｘ\n") == "def f(:\n  'ｘ\n"  # untokenisable


def test_what_is_python(tmp_path: Path) -> None:
    files = {
        "bin/deploy": "#!/usr/bin/env python3\n",
        "bin/tool.cgi": "#! /usr/bin/python3.12 -u\n",
        "bin/run.sh": "#!/bin/sh\npython x.py\n",
        "bin/notpython": "#!/usr/bin/env pythonista\n",
        "EVIL.PY": "",
        "stub.PYI": "",
        "nb.IPYNB": "{}",
        "wide.py": "ｘ = 1\n",
        "accented.py": "café = 1\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    kinds = {rel: views.kind_of(tmp_path, rel) for rel in files}
    assert kinds["bin/deploy"] is Kind.PYTHON and kinds["bin/tool.cgi"] is Kind.PYTHON
    assert kinds["bin/run.sh"] is None and kinds["bin/notpython"] is None
    assert kinds["EVIL.PY"] is Kind.PYTHON and kinds["stub.PYI"] is Kind.PYTHON
    assert kinds["nb.IPYNB"] is Kind.NOTEBOOK
    assert views.needs_normalising(tmp_path, "wide.py")
    assert not views.needs_normalising(tmp_path, "accented.py")  # already NFKC
    assert views.view_name("bin/deploy", Kind.PYTHON) == "bin/deploy.py"
    assert views.view_name("wide.py", Kind.PYTHON) == "wide.py"
    assert views.view_name("nb.IPYNB", Kind.NOTEBOOK) == "nb.IPYNB.py"


def test_materialised_views_and_what_cannot_be_one(tmp_path: Path) -> None:
    source, into = tmp_path / "src", tmp_path / "view"
    files = {
        "bin/latin": "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"),
        "bad.ipynb": b"{not json",
        "r.ipynb": _notebook(_code("x\n"), metadata={"kernelspec": {"language": "R"}}).encode(),
    }
    for rel, data in files.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_bytes(data)
    made = views.materialise(
        source,
        [
            views.ViewTarget("bin/latin", Kind.PYTHON),
            views.ViewTarget("bad.ipynb", Kind.NOTEBOOK),
            views.ViewTarget("r.ipynb", Kind.NOTEBOOK),
            views.ViewTarget("gone.py", Kind.PYTHON),
        ],
        into,
    )
    assert made.targets == ("bin/latin.py",)  # a PEP 263 script goes as it is
    assert (into / "bin/latin.py").read_bytes() == files["bin/latin"]
    assert [(s.path, s.reason.split(":")[0]) for s in made.skipped] == [
        ("bad.ipynb", "not a readable notebook")
    ]
