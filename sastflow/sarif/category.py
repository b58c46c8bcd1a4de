"""Put a SARIF log's runs under a code-scanning category before it is uploaded.

Code scanning identifies an analysis by tool and ``automationDetails.id``, and upload-sarif's
``category`` input only fills in runs that have no id: sastflow's runs always have one
(``sastflow/<engine>/``), so two sastflow analyses of one repository would replace each other's
alerts. The action's ``category`` input therefore rewrites the ids here, to
``<category>/<engine>/``, keeping one run per tool. Used as
``python -m sastflow.sarif.category FILE CATEGORY`` (the file is rewritten in place).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sastflow.errors import ExitCode, UsageError
from sastflow.report_files import write_text


def check_category(category: str) -> str:
    text = category.strip().strip("/")
    if not text or any(c in text for c in "\r\n\t") or len(text) > 200:
        raise UsageError(f"category {category!r}: give a short name on one line, e.g. sastflow")
    return text


def _engine(run: dict[str, Any]) -> str:
    driver = run.get("tool", {}).get("driver", {})
    engine = driver.get("properties", {}).get("sastflow-engine") if driver else None
    if isinstance(engine, str) and engine:
        return engine
    return str(driver.get("name") or "tool").lower()


def categorise(log: dict[str, Any], category: str) -> dict[str, Any]:
    """``log`` with every run's ``automationDetails.id`` set to ``<category>/<engine>/``."""
    name = check_category(category)
    runs = log.get("runs")
    if not isinstance(runs, list):
        raise UsageError("not a SARIF log: no runs")
    for run in runs:
        if isinstance(run, dict):
            details = run.get("automationDetails")
            kept = details if isinstance(details, dict) else {}
            run["automationDetails"] = {**kept, "id": f"{name}/{_engine(run)}/"}
    return log


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m sastflow.sarif.category FILE CATEGORY", file=sys.stderr)
        return int(ExitCode.USAGE)
    path = Path(argv[0])
    try:
        log = json.loads(path.read_text(encoding="utf-8"))
        write_text(path, json.dumps(categorise(log, argv[1]), ensure_ascii=False))
    except (OSError, ValueError) as exc:
        print(f"sastflow: error: {path}: cannot read the SARIF log: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except UsageError as exc:
        print(f"sastflow: error: {path}: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
