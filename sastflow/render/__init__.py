"""Renderers: Markdown, HTML, terminal and workflow-command outputs of a scan report.

Every piece of text that came from scanned code goes through :mod:`sastflow.render.escape`
(Markdown, workflow commands) or jinja2's autoescape (HTML) before it is written.
"""
