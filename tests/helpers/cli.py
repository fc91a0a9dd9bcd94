"""Running the real program as a user does (`python -m smm_tui ...`) and reading its one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys

NOW = "2026-11-26T09:10:00+01:00"
"""The frozen clock's moment (a Thursday in Europe/Berlin), given to the program as SMM_TUI_NOW."""


def smm(*args: str, now: str = NOW, env: dict[str, str] | None = None, input_: str | None = None,
        stdin: int | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`smm-tui ARGS` in a fresh interpreter at `now`, with `env` over this process's environment; output captured."""
    full_env = dict(os.environ, SMM_TUI_NOW=now)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "smm_tui", *args], capture_output=True, text=True, env=full_env,
                          timeout=timeout, input=input_, stdin=stdin)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The program's error: exactly one line on stderr, never a traceback."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
