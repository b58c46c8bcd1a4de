"""What pyproject.toml cannot say: the rule pack ships inside the package without a copy.

The rules stay in the top-level ``rules/`` folder (the one source, edited and tested there); a
wheel maps that folder onto the package ``sastflow._rules`` (``package_dir``), which
``[tool.setuptools.package-data]`` fills with every rule file. A ``packages`` list in
pyproject.toml would have to name every subpackage by hand; discovering them here keeps a new
subpackage from silently missing from the wheel. Editable installs read ``rules/`` in place.
"""

from setuptools import find_namespace_packages, setup

# Rule folders holding test targets (``*.py``) look like packages to setuptools: listing them
# says they are meant to ship (it warns about unlisted importable folders).
RULE_PACKAGES = [f"sastflow._rules.{name}" for name in find_namespace_packages(where="rules")]

setup(
    packages=[
        *find_namespace_packages(include=["sastflow", "sastflow.*"], exclude=["sastflow._rules*"]),
        "sastflow._rules",
        *RULE_PACKAGES,
    ],
    package_dir={"sastflow._rules": "rules"},
)
