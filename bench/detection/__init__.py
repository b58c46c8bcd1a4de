"""Detection quality (issue 13, item 6): a labelled corpus scanned by sastflow, bare Bandit and
bare Semgrep in one run, plus clean libraries at the default gate. ``bench/run.py --only
detection`` runs it as a section; ``harness`` holds the section's run, problems and report."""

from detection.harness import problems, report, run

__all__ = ["problems", "report", "run"]
