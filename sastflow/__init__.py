"""sastflow: Semgrep and Bandit merged into one SARIF log, triaged, and gated on pull requests."""

__version__ = "0.1.0"
