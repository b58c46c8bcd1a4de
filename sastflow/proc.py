"""The one place sastflow starts processes: argv lists, never a shell, bounded in time, and an
environment stripped to what the tools need.

Engines parse the pull request's code; a parser bug, or a plugin loaded from the wrong place,
must find no credential in its environment. So children get an allow-list of variables, never
the job's tokens (GITHUB_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN, INPUT_GITHUB-TOKEN, ...).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Completed:
    argv: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False

    def stderr_tail(self, lines: int = 5, width: int = 400) -> str:
        """The last meaningful stderr lines on one line, for error messages."""
        text = self.stderr.decode("utf-8", "replace").strip().splitlines()
        tail = " | ".join(line.strip() for line in text[-lines:] if line.strip())
        return tail[-width:] if tail else "(no output on stderr)"


_KEEP = frozenset(
    {
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "TZ",
        "LANG", "LANGUAGE", "TMPDIR", "TEMP", "TMP",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
        "VIRTUAL_ENV", "SYSTEMROOT",
    }
)  # fmt: skip
_KEEP_PREFIXES = ("LC_", "GIT_", "SEMGREP_", "XDG_")
_SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "CREDENTIAL", "AUTH")


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables a child process may see: the allow-list, minus anything named like a
    secret (``GIT_ASKPASS`` tokens, ``GIT_HTTP_...AUTH``), plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if (key in _KEEP or key.startswith(_KEEP_PREFIXES))
        and not any(word in key.upper() for word in _SECRET_WORDS)
    }
    env.update(extra or {})
    return env


def run(
    argv: Sequence[str],
    *,
    cwd: Path | str | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
) -> Completed:
    """Run ``argv`` to completion. Raises FileNotFoundError when the program is missing."""
    full_env = child_environment(env)
    try:
        proc = subprocess.run(
            list(argv),
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=timeout,
            env=full_env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return Completed(
            tuple(argv), -1, _as_bytes(exc.stdout), _as_bytes(exc.stderr), timed_out=True
        )
    return Completed(tuple(argv), proc.returncode, proc.stdout, proc.stderr)


def _as_bytes(data: bytes | str | None) -> bytes:
    if data is None:
        return b""
    return data.encode() if isinstance(data, str) else data
