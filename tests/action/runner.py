"""Runs the composite action (``action.yml``) the way the GitHub Actions runner does, minus the
``uses:`` steps, whose outputs the test supplies.

What the runner does and this reproduces: each ``run:`` step is a script file executed by
``bash --noprofile --norc -eo pipefail`` (the runner's ``shell: bash``) with the job's variables
plus the step's ``env:``, whose ``${{ }}`` expressions are evaluated beforehand; each step gets
fresh ``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY`` files, read back after it; a failing step
skips the ones after it; the action's ``outputs`` are evaluated from the steps' outputs.

Steps' ``if:`` conditions are evaluated as the runner does: a step without one runs only while
every step before it succeeded (``success()``); ``always()`` runs it anyway; comparisons of
strings with ``==``/``!=``, ``&&``, ``||``, ``!`` and parentheses; ``steps.<id>.outcome`` is
``success``, ``failure`` or ``skipped``.

Only the expressions the action needs are understood (``inputs.*``, ``steps.*.outputs.*``,
``steps.*.outcome``, ``github.token``, ``github.action_path``, ``github.run_id``,
``github.run_attempt``, ``runner.temp``); anything else fails the test, so the action cannot
quietly start depending on more.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TOKEN = re.compile(r"\s*(?:(\'[^\']*\')|(&&|\|\||==|!=|!|\(|\))|([A-Za-z_][\w.-]*(?:\(\))?))")
UsesHandler = Callable[[str, Mapping[str, str]], dict[str, str]]


@dataclass
class StepRun:
    id: str
    name: str
    code: int  # -1: skipped (its `if:` was false)
    outputs: dict[str, str]
    summary: str
    stdout: str
    stderr: str


@dataclass
class ActionRun:
    code: int  # the failing step's exit status, or 0
    outputs: dict[str, str]
    steps: list[StepRun] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return "".join(s.summary for s in self.steps)

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)

    @property
    def stderr(self) -> str:
        return "".join(s.stderr for s in self.steps)


def read_outputs(text: str) -> dict[str, str]:
    """``GITHUB_OUTPUT``: ``key=value`` lines and ``key<<DELIMITER`` heredocs."""
    out: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            body: list[str] = []
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            i += 1
            out[key] = "\n".join(body)
        else:
            key, _, value = line.partition("=")
            out[key] = value
    return out


def scalar(value: Any) -> str:
    """A YAML scalar as the runner hands it on: booleans as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class CompositeRunner:
    def __init__(
        self,
        action_dir: Path,
        *,
        job_env: Mapping[str, str],
        token: str,
        temp: Path,
        uses: Mapping[str, UsesHandler],
    ) -> None:
        self.action_dir = action_dir
        self.metadata: dict[str, Any] = yaml.safe_load(
            (action_dir / "action.yml").read_text(encoding="utf-8")
        )
        self.job_env = dict(job_env)
        self.token = token
        self.temp = temp
        self.uses = uses
        self.run_id = "1"
        self.outcomes: dict[str, str] = {}

    def _value(self, expr: str, inputs: Mapping[str, str], steps: Mapping[str, Any]) -> str:
        parts = expr.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return inputs[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return str(steps.get(parts[1], {}).get(parts[3], ""))
        if parts[0] == "steps" and len(parts) == 3 and parts[2] == "outcome":
            return self.outcomes.get(parts[1], "skipped")
        known = {
            "github.token": self.token,
            "github.action_path": str(self.action_dir),
            "github.run_id": self.run_id,
            "github.run_attempt": "1",
            "runner.temp": str(self.temp),
        }
        if expr in known:
            return known[expr]
        raise AssertionError(f"action.yml uses an expression the runner stand-in lacks: {expr}")

    def _evaluate(self, text: str, inputs: Mapping[str, str], steps: Mapping[str, Any]) -> str:
        return EXPRESSION.sub(lambda m: self._value(m.group(1), inputs, steps), text)

    def condition(
        self, text: str, inputs: Mapping[str, str], steps: Mapping[str, Any], failed: bool
    ) -> bool:
        """A step's ``if:``: ``success()`` unless it says otherwise (then ``success() &&`` is
        implied only when it calls no status function)."""
        expr = text.strip()
        match = EXPRESSION.fullmatch(expr)
        expr = match.group(1) if match else expr
        tokens = [next(t for t in m.groups() if t is not None) for m in TOKEN.finditer(expr)]
        assert "".join(tokens) == "".join(expr.split()), f"cannot read the condition {expr!r}"
        position = 0

        def peek() -> str | None:
            return tokens[position] if position < len(tokens) else None

        def take() -> str:
            nonlocal position
            position += 1
            return tokens[position - 1]

        def primary() -> Any:
            token = take()
            if token == "(":
                value = either()
                assert take() == ")"
                return value
            if token == "!":
                return not truthy(primary())
            if token.startswith("'"):
                return token[1:-1]
            if token in ("always()", "success()", "failure()", "cancelled()"):
                return {
                    "always()": True,
                    "success()": not failed,
                    "failure()": failed,
                    "cancelled()": False,
                }[token]
            if token in ("true", "false"):
                return token == "true"
            return self._value(token, inputs, steps)

        def comparison() -> Any:
            left = primary()
            while peek() in ("==", "!="):
                operator, right = take(), primary()
                same = str(left).lower() == str(right).lower()  # the runner compares ignoring case
                left = same if operator == "==" else not same
            return left

        def both() -> Any:
            left = comparison()
            while peek() == "&&":
                take()
                right = comparison()
                left = right if truthy(left) else left
            return left

        def either() -> Any:
            left = both()
            while peek() == "||":
                take()
                right = both()
                left = left if truthy(left) else right
            return left

        def truthy(value: Any) -> bool:
            return bool(value) if not isinstance(value, str) else value != ""

        result = truthy(either())
        assert position == len(tokens), f"cannot read the condition {expr!r}"
        status_functions = ("always()", "success()", "failure()", "cancelled()")
        if not any(f in tokens for f in status_functions):
            result = result and not failed
        return result

    def inputs(self, given: Mapping[str, str]) -> dict[str, str]:
        declared: dict[str, Any] = self.metadata["inputs"]
        unknown = set(given) - set(declared)
        assert not unknown, f"inputs the action does not declare: {sorted(unknown)}"
        values: dict[str, str] = {}
        for name, spec in declared.items():
            if name in given:
                values[name] = given[name]
            else:
                default = scalar(spec.get("default", ""))
                values[name] = self._evaluate(default, {}, {})
        return values

    def run(
        self,
        given: Mapping[str, str],
        *,
        cwd: Path,
        timeout: float = 300,
        start_at: str | None = None,
        prior: Mapping[str, Mapping[str, str]] | None = None,
    ) -> ActionRun:
        """Run the steps; ``start_at`` skips the steps before that id, taking their outputs
        from ``prior`` (as a previous run of the same job produced them)."""
        inputs = self.inputs(given)
        steps_out: dict[str, dict[str, str]] = {k: dict(v) for k, v in (prior or {}).items()}
        self.outcomes = {k: "success" for k in prior or {}}
        result = ActionRun(code=0, outputs={})
        started = start_at is None
        failed = False
        for index, step in enumerate(self.metadata["runs"]["steps"]):
            step_id = str(step.get("id", f"__{index}"))
            started = started or step_id == start_at
            if not started:
                continue
            if not self.condition(str(step.get("if", "success()")), inputs, steps_out, failed):
                self.outcomes[step_id] = "skipped"
                result.steps.append(
                    StepRun(step_id, str(step.get("name", step_id)), -1, {}, "", "", "")
                )
                continue
            with_values = {
                key: self._evaluate(scalar(value), inputs, steps_out)
                for key, value in (step.get("with") or {}).items()
            }
            if "uses" in step:
                name = str(step["uses"]).split("@", 1)[0]
                steps_out[step_id] = self.uses[name](name, with_values)
                self.outcomes[step_id] = "success"
                continue
            env = {
                key: self._evaluate(scalar(value), inputs, steps_out)
                for key, value in (step.get("env") or {}).items()
            }
            assert step.get("shell") == "bash", f"step {step_id}: shell must be bash"
            folder = self.temp / f"step-{index}"
            folder.mkdir(parents=True, exist_ok=True)
            script = folder / "script.sh"
            script.write_text(step["run"], encoding="utf-8")
            output, summary = folder / "output", folder / "summary.md"
            output.write_text("", encoding="utf-8")
            summary.write_text("", encoding="utf-8")
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=cwd,
                env={
                    **self.job_env,
                    "GITHUB_ACTION_PATH": str(self.action_dir),
                    "GITHUB_OUTPUT": str(output),
                    "GITHUB_STEP_SUMMARY": str(summary),
                    "RUNNER_TEMP": str(self.temp),
                    **env,
                },
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            steps_out[step_id] = read_outputs(output.read_text(encoding="utf-8"))
            result.steps.append(
                StepRun(
                    id=step_id,
                    name=str(step.get("name", step_id)),
                    code=done.returncode,
                    outputs=steps_out[step_id],
                    summary=summary.read_text(encoding="utf-8"),
                    stdout=done.stdout,
                    stderr=done.stderr,
                )
            )
            self.outcomes[step_id] = "success" if done.returncode == 0 else "failure"
            if done.returncode != 0 and not failed:
                result.code = done.returncode  # the first failure decides the action's status
                failed = True
        for name, spec in (self.metadata.get("outputs") or {}).items():
            result.outputs[name] = self._evaluate(str(spec["value"]), inputs, steps_out)
        return result
