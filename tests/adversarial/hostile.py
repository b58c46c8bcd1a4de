"""The hostile pull request: one repository, one PR carrying many attacks that do not interfere.

Each attack lives in its own file (or its own part of a shared file), so each test asserts on
its own findings. The base commit is what a careful project would have: a small local rule
pack, a ledger with one accepted finding, CODEOWNERS giving the security team the trust files.
The PR branch has a name full of shell metacharacters.

Also here: the ``sastflow`` command run the way the Action runs it (the console script, as a
subprocess, in the checkout, with an Actions environment), so every attack goes through the
real command line.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sastflow.fingerprint import compute, normalise
from tests.conftest import FIXTURES

SASTFLOW = Path(sys.executable).parent / "sastflow"
TODAY = dt.date(2026, 6, 1)  # SASTFLOW_TODAY for every run: ledger expiry is deterministic
EXPIRES = TODAY + dt.timedelta(days=60)
TOKEN = "ghs_ADVERSARIAL0token0must0never0leak0x7Q"  # what GITHUB_TOKEN holds in every run
PR_BRANCH = (
    "feat/$(touch${IFS}PWNED_branch);`touch${IFS}PWNED_tick`|ünï-∂&x>y"  # git allows no space
)

# The core fixture pack, plus a rule whose message interpolates the matched code ($X), with
# no Bandit twin: its message leads its row in every report.
ECHO_RULE_TEXT = """  - id: echo-to-log
    languages: [python]
    severity: ERROR
    message: "unvalidated text logged: $X"
    metadata:
      cwe: ["CWE-117: Improper Output Neutralization for Logs"]
      confidence: HIGH
      security-severity: "7.5"
    pattern: echo_to_log($X)
"""
RULES_TEXT = (
    (FIXTURES / "core" / "security-rules" / "python.yaml").read_text(encoding="utf-8").rstrip("\n")
    + "\n"
    + ECHO_RULE_TEXT
)
CONFIG = 'use_default_rules = false\nrules = ["security-rules"]\nfail_on = "high"\n'

SHELL_RULE = "security-rules.shell-true"
EVAL_RULE = "security-rules.eval-call"
ECHO_RULE = "security-rules.echo-to-log"


def fingerprint_of(rule: str, path: str, line: str, occurrence: int = 0) -> str:
    """What an attacker computes for a finding on one line (fingerprints are public: SARIF)."""
    return compute(rule, path, normalise(line), occurrence)


def ledger_yaml(entries: Sequence[Mapping[str, str]]) -> str:
    out = ["version: 1", "accepted:" + ("" if entries else " []")]
    for entry in entries:
        out.append(f'  - fingerprint: "{entry["fingerprint"]}"')
        for key in ("rule", "path", "reason", "approved_by", "expires"):
            out.append(f"    {key}: {entry[key]}")
    return "\n".join(out) + "\n"


def entry(rule: str, path: str, line: str, reason: str, approved_by: str) -> dict[str, str]:
    return {
        "fingerprint": fingerprint_of(rule, path, line),
        "rule": rule,
        "path": path,
        "reason": f'"{reason}"',
        "approved_by": approved_by,
        "expires": EXPIRES.isoformat(),
    }


# --- base commit ---------------------------------------------------------------------------

LEGACY_LINE = "    return eval(expr)"
LEGACY = f"def calc(expr):\n{LEGACY_LINE}\n"
BASE_ENTRY = entry(EVAL_RULE, "app/legacy.py", LEGACY_LINE, "admin-only calculator", "alice")

SWAP_LINE = "    subprocess.call(cmd, shell=True)  # nosec B602"
SWAP_BASE = f"import subprocess\n\n\ndef run(cmd):\n{SWAP_LINE}\n"

# Text after a "# nosec" inside a string literal: the base call is a constant (low severity).
LAUNDRY_BASE = 'import os\n\n\ndef tidy():\n    os.system("echo # nosec")\n'
LAUNDRY_PR = 'import os\n\n\ndef tidy(cmd):\n    os.system("echo # nosec" + cmd)\n'

# A flagged region longer than the snippet sastflow keeps (2,000 characters, 12 lines).
_LONG = "x" * 2100
_PIECES = "".join(f'        "part{i} "\n' for i in range(12))
ESCALATE_BASE = (
    "import os\n\n\n"
    f'def wide():\n    os.system("{_LONG}")\n\n\n'
    f'def tall():\n    os.system(\n{_PIECES}        "end"\n    )\n'
)
ESCALATE_PR = (
    "import os\n\n\n"
    f'def wide(cmd):\n    os.system("{_LONG}" + cmd)\n\n\n'
    f'def tall(cmd):\n    os.system(\n{_PIECES}        "end" + cmd\n    )\n'
)

CODEOWNERS = (
    "* @acme/devs\n"
    "/triage/ @acme/security\n"
    "/security-rules/ @acme/security\n"
    "/.sastflow.toml @acme/security\n"
    "/.github/ @acme/security\n"
)

BASE_FILES: dict[str, str | bytes | None] = {
    ".sastflow.toml": CONFIG,
    "security-rules/python.yaml": RULES_TEXT,
    ".github/CODEOWNERS": CODEOWNERS,
    "triage/ledger.yml": ledger_yaml([BASE_ENTRY]),
    "app/__init__.py": "",
    "app/legacy.py": LEGACY,
    "app/swap_code.py": SWAP_BASE,
    "app/swap_elsewhere.py": SWAP_BASE,
    "app/swap_copy.py": SWAP_BASE,
    "app/laundry.py": LAUNDRY_BASE,
    "app/escalate.py": ESCALATE_BASE,
}

# --- the pull request ----------------------------------------------------------------------

# Attack 1: new vulnerable code, accepted in the same PR (a new entry, and the base's entry
# re-pointed at the PR's own finding, keeping the real approver's name).
FEATURE_SYSTEM = "    os.system(cmd)"
FEATURE_EVAL = "    return eval(expr)"
FEATURE = (
    f"import os\n\n\ndef handler(cmd):\n{FEATURE_SYSTEM}\n\n\ndef calc(expr):\n{FEATURE_EVAL}\n"
)
NEW_ENTRY = entry("bandit.B605", "app/feature.py", FEATURE_SYSTEM, "reviewed, safe", "alice")
RETARGETED = entry(EVAL_RULE, "app/feature.py", FEATURE_EVAL, "admin-only calculator", "alice")

# Attack 2: every knob that decides what is reported, loosened by the PR.
WEAK_CONFIG = (
    "use_default_rules = false\n"
    "rules = []\n"
    'fail_on = "never"\n'
    'exclude = ["app/**", "**/*.py"]\n'
    'engines = ["bandit"]\n'
    'ledger = "elsewhere.yml"\n'
)
WEAK_RULES = """rules:
  - id: shell-true
    languages: [python]
    severity: INFO
    message: "nothing to see"
    pattern: never_called_anywhere_zz(...)
"""

# Attack 3: inline suppressions added or swapped by the PR.
SWAP_CODE_LINE = '    subprocess.call(cmd + " --verbose", shell=True)  # nosec B101'
SWAP_CODE_PR = f"import subprocess\n\n\ndef run(cmd):\n{SWAP_CODE_LINE}\n"
SWAP_ELSEWHERE_PR = (
    f"import subprocess\n\n\ndef run(cmd):\n{SWAP_LINE}\n\n\n"
    "def run_other(other):\n    subprocess.call(other, shell=True)  # nosec B602\n"
)
SWAP_COPY_PR = (
    f"import subprocess\n\n\ndef run_first(cmd):\n{SWAP_LINE}\n\n\ndef run(cmd):\n{SWAP_LINE}\n"
)
SNEAKY = (
    "import os\n\n\n"
    "def run(cmd):\n    os.system(cmd)  # nosec\n\n\n"  # line 5
    "def calc(expr):\n    # nosemgrep\n    return eval(expr)\n\n\n"  # line 10
    "def calc2(expr):\n    return eval(expr)  # nosemgrep: security-rules.eval-call\n"  # line 14
)

# Attack 7: finding text (snippet, and the message, which interpolates $CMD) built to break out
# of every Markdown and workflow-command context sastflow writes it into.
HOSTILE_LINES = (
    "   ````",
    "```suggestion",
    "@octocat @acme/security #123 acme/app#1 GH-7 https://evil.example www.evil.example",
    "<img src=x onerror=alert(1)> <script>alert(1)</script> ![i](https://evil.example/i.png)",
    "[click](https://evil.example) <details open><summary>x</summary> :smile:",
    "<!-- sastflow:summary --> a | b | c \u202eevil\u200b\u2066",
    "::add-mask::secret %0A ::stop-commands::tok ##[error]forged",
    "~~~",
)
HOSTILE_TEXT = (
    "import subprocess\n\n\n"
    "def shout(cmd):\n"
    '    echo_to_log("""\n' + "\n".join(HOSTILE_LINES) + '\n""" + cmd)\n'  # lines 5-14
    '    echo_to_log("""\n' + "\n".join(reversed(HOSTILE_LINES)) + '\n""" + cmd)\n'  # 15-24
    '    subprocess.call("""\n' + "\n".join(HOSTILE_LINES) + '\n""" + cmd, shell=True)\n'
)

# Attack 9: files that run code if anything executes or imports from the PR's tree.
PROBE_FILES = (
    "conftest.py",
    "setup.py",
    "sitecustomize.py",
    "usercustomize.py",
    "yaml.py",
    "json.py",
    "jinja2.py",
    "evilplugin.py",
)


def _probe(markers: Path, name: str) -> str:
    return f"import pathlib\npathlib.Path({str(markers)!r}, {name!r}).write_text('ran')\n"


PR_RULE = """rules:
  - id: pr-added-rule
    languages: [python]
    severity: ERROR
    message: "PR-ADDED RULE WAS LOADED"
    pattern: $F(...)
"""


def pr_files(markers: Path) -> dict[str, str | bytes | None]:
    files: dict[str, str | bytes | None] = {
        # 1
        "app/feature.py": FEATURE,
        "triage/ledger.yml": ledger_yaml([RETARGETED, NEW_ENTRY]),
        # 2
        ".sastflow.toml": WEAK_CONFIG,
        ".semgrepignore": "app/\n*.py\n",
        ".bandit": "[bandit]\nskips = B602,B605,B307\nexclude = app\n",
        "pyproject.toml": (
            '[tool.bandit]\nskips = ["B602", "B605"]\nexclude_dirs = ["app"]\n\n'
            '[tool.sastflow]\nfail_on = "never"\n'
        ),
        "security-rules/python.yaml": WEAK_RULES,
        ".github/CODEOWNERS": "* @mallory\n",
        # 3
        "app/swap_code.py": SWAP_CODE_PR,
        "app/swap_elsewhere.py": SWAP_ELSEWHERE_PR,
        "app/swap_copy.py": SWAP_COPY_PR,
        "app/sneaky.py": SNEAKY,
        "app/laundry.py": LAUNDRY_PR,
        "app/escalate.py": ESCALATE_PR,
        # 7
        "app/hostile_text.py": HOSTILE_TEXT,
        # 9
        "security-rules/pr_rule.yaml": PR_RULE,
        ".semgrep.yml": PR_RULE.replace("pr-added-rule", "root-semgrep-yml-rule"),
        ".semgrep/rules.yml": PR_RULE.replace("pr-added-rule", "dot-semgrep-rule"),
        "zz_probe.pth": f"import pathlib; pathlib.Path({str(markers)!r}, 'pth').write_text('ran')\n",
        "evilplugin-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: evilplugin\nVersion: 1.0\n",
        "evilplugin-1.0.dist-info/entry_points.txt": (
            "[bandit.plugins]\nevil = evilplugin:check\n\n"
            "[bandit.formatters]\njson = evilplugin:check\n"
        ),
    }
    for name in PROBE_FILES:
        files[name] = _probe(markers, name)
    return files


# --- running the command -------------------------------------------------------------------


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without any real runner's variables, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_", "SASTFLOW_"))
    }
    env["SASTFLOW_TODAY"] = TODAY.isoformat()
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class CliRun:
    """One ``sastflow`` process: its exit code, what it printed, and the files it wrote."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, Path] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        """Every output a user or the job log sees, by name."""
        out = {"stdout": self.stdout, "stderr": self.stderr}
        for name, path in self.outputs.items():
            if path.is_file():
                out[name] = path.read_text(encoding="utf-8", errors="replace")
        return out


def leaks(run: CliRun) -> list[str]:
    """The outputs of ``run`` that contain the job's token."""
    return [name for name, text in run.texts().items() if TOKEN in text]


def run_cli(
    args: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    outputs: Mapping[str, Path] | None = None,
    timeout: float = 300,
) -> CliRun:
    """The console script, as a subprocess in ``cwd`` (the checkout, as in the Action)."""
    argv = (str(SASTFLOW), *args)
    done = subprocess.run(
        argv,
        cwd=cwd,
        env=clean_env(env),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )
    return CliRun(argv, done.returncode, done.stdout, done.stderr, dict(outputs or {}))


def actions_outputs(folder: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """Output files a scan writes, and the Actions variables pointing at the step files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "sarif": folder / "sastflow.sarif",
        "markdown": folder / "report.md",
        "html": folder / "report.html",
        "step-summary": folder / "step-summary.md",
        "github-output": folder / "github-output.txt",
    }
    for name in ("step-summary", "github-output"):
        files[name].write_text("", encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_TOKEN": TOKEN,
        "INPUT_GITHUB-TOKEN": TOKEN,
        "GITHUB_STEP_SUMMARY": str(files["step-summary"]),
        "GITHUB_OUTPUT": str(files["github-output"]),
    }
    return files, env


def scan_args(files: Mapping[str, Path]) -> list[str]:
    return [
        "--sarif",
        str(files["sarif"]),
        "--markdown",
        str(files["markdown"]),
        "--html",
        str(files["html"]),
    ]
