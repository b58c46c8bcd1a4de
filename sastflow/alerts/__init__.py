"""Keeping GitHub code-scanning alerts in step with the triage ledger.

Code scanning ignores SARIF ``suppressions``, so a ledger-accepted finding uploaded with the
rest would stay an open alert. ``plan`` decides, from a full scan's SARIF log and the ledger,
which open alerts to dismiss ("won't fix", the ledger's reason as the comment) and which alerts
sastflow dismissed earlier to reopen (their entry expired or was removed); ``api`` reads and
changes the alerts through PyGithub. Alerts dismissed by people are never touched: sastflow
recognises its own dismissals by the ``[sastflow]`` prefix of the comment.
"""
