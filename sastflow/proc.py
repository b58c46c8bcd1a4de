"""The one place sastflow starts processes: argv lists, never a shell, bounded in time, and an
environment stripped to what the tools need.

Engines parse the pull request's code; a parser bug, or a plugin loaded from the wrong place,
must find no credential in its environment. So children get an allow-list of variables, never
the job's tokens (GITHUB_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN, INPUT_GITHUB-TOKEN, ...).

Engines also run under an address-space limit (``RLIMIT_AS``): hostile input (a YAML alias
bomb drove Semgrep to 8 GB) must fail that engine, not the runner.
"""

from __future__ import annotations

import functools
import os
import re
import signal
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
    memory_limit_mb: int | None = None  # the RLIMIT_AS it ran under, if any

    @property
    def out_of_memory(self) -> bool:
        """Whether the process most likely died of its memory limit: an allocation failure on
        stderr (Python's MemoryError, OCaml's Out_of_memory, C++'s bad_alloc), or killed by a
        signal a failed allocation raises, while a limit was set."""
        if self.memory_limit_mb is None or self.timed_out or self.returncode == 0:
            return False
        if self.returncode in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
            return True
        return bool(_OUT_OF_MEMORY.search(self.stderr[-64 * 1024 :]))

    def stderr_tail(self, lines: int = 5, width: int = 400) -> str:
        """The last meaningful stderr lines on one line, for error messages."""
        text = self.stderr.decode("utf-8", "replace").strip().splitlines()
        tail = " | ".join(line.strip() for line in text[-lines:] if line.strip())
        return tail[-width:] if tail else "(no output on stderr)"


_OUT_OF_MEMORY = re.compile(
    rb"MemoryError|Out_of_memory|[Oo]ut of memory|bad_alloc|Cannot allocate memory|"
    rb"OutOfMemory|memory exhausted|Not enough (?:heap )?memory"
)

MEMORY_VARIABLE = "SASTFLOW_ENGINE_MEMORY_MB"
DEFAULT_MEMORY_MB = 4096  # per engine process; Semgrep on Django peaks near 1 GB


def engine_memory_mb() -> int:
    """The address-space limit for one engine process, from ``SASTFLOW_ENGINE_MEMORY_MB``
    (``0`` turns it off). A value that is not a whole number falls back to the default."""
    text = os.environ.get(MEMORY_VARIABLE, "").strip()
    if not text:
        return DEFAULT_MEMORY_MB
    try:
        value = int(text)
    except ValueError:
        return DEFAULT_MEMORY_MB
    return max(0, min(value, 1 << 40))


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
    memory_mb: int | None = None,
) -> Completed:
    """Run ``argv`` to completion. Raises FileNotFoundError when the program is missing.
    ``memory_mb`` caps the child's address space (``RLIMIT_AS``); None or 0 leaves it alone."""
    full_env = child_environment(env)
    limit = memory_mb or None
    try:
        proc = subprocess.run(
            list(argv),
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=timeout,
            env=full_env,
            check=False,
            preexec_fn=_address_space_limit(limit) if limit else None,
        )
    except subprocess.TimeoutExpired as exc:
        return Completed(
            tuple(argv),
            -1,
            _as_bytes(exc.stdout),
            _as_bytes(exc.stderr),
            timed_out=True,
            memory_limit_mb=limit,
        )
    return Completed(tuple(argv), proc.returncode, proc.stdout, proc.stderr, memory_limit_mb=limit)


def _address_space_limit(megabytes: int) -> functools.partial[None]:
    """The child-side call that sets ``RLIMIT_AS``: a bare C function bound in advance, so the
    forked child runs no Python code of its own before ``exec`` (engines are started from
    several threads at once, where arbitrary code in ``preexec_fn`` could deadlock)."""
    import resource

    size = megabytes * 1024 * 1024
    return functools.partial(resource.setrlimit, resource.RLIMIT_AS, (size, size))


def _as_bytes(data: bytes | str | None) -> bytes:
    if data is None:
        return b""
    return data.encode() if isinstance(data, str) else data
