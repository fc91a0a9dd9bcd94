"""Driving the real `smm-tui` in tmux: a private server, polling with a deadline, never fixed sleeps.

The tmux server is private to the test (its own socket) and is killed at the
end, also when an assertion fails (the `terminal` fixture in e2e/conftest.py).

The tmux server gets this process's environment as Python sees it, minus
COLUMNS and LINES: GNU readline (which pytest loads) exports its terminal's
size into the process environment behind os.environ's back, and an app
that believed those drew itself for another terminal inside the pane - the
flaky "timeline without header" screen. `test_a_stale_size_in_the_environment
_does_not_size_the_app` is that case on purpose.

"Ready" means the whole screen is drawn, read from one capture: the header
(the date), the timeline with its marks and the detail pane - not just one
title, which a pane caught between two frames can show on its own. A
failure says what the pane showed and what state the program was in (its
pane size, whether it is alive, stopped or gone), so a failure on a busy
machine can be told from a half-drawn screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

NOW = "2026-11-26T09:10:00+01:00"
DAY_FILE = "days/2026-11-26.toml"
FIRST_TITLE = "Wake up: email and overnight mentions"
DEADLINE = 30.0
SCRIPT = Path(sys.executable).parent / "smm-tui"
"""The venv's console script: the program as a user starts it."""


class Terminal:
    """A tmux server of our own with one session running the command."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> str:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}  # see module doc
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30,
                                env=env)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app", check=False)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def diagnose(self) -> str:
        """The pane's size and its processes' states (R running, S sleeping, T stopped, Z zombie)."""
        info = self.tmux("display-message", "-p", "-t", "app",
                         "#{pane_width}x#{pane_height} dead=#{pane_dead} pid=#{pane_pid}", check=False).strip()
        states = []
        pid = info.rsplit("pid=", 1)[-1] if "pid=" in info else ""
        for proc in Path("/proc").iterdir() if pid.isdigit() else ():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                name = (proc / "stat").read_text().split("(", 1)[1].rsplit(")", 1)[0]
            except (OSError, IndexError):
                continue
            if proc.name == pid or fields[1] == pid:  # the pane's process and its children
                states.append(f"{proc.name} {name} {fields[0]}")
        return f"pane {info or '(gone)'}; processes: {', '.join(states) or '(none)'}"

    def close(self) -> None:
        """Kill the server and remove its socket file (tmux leaves it behind)."""
        self.tmux("kill-server", check=False)
        tmpdir = Path(os.environ.get("TMUX_TMPDIR") or "/tmp")
        (tmpdir / f"tmux-{os.getuid()}" / self.socket).unlink(missing_ok=True)


def wait_for(what: str, condition: Callable[[], object], term: Terminal) -> object:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)  # poll interval, not synchronisation: the deadline decides
    raise AssertionError(f"timed out after {DEADLINE:.0f} s waiting for {what}; {term.diagnose()}; "
                         f"the screen shows:\n{term.screen()}")


def fully_drawn(screen: str) -> bool:
    """Header, timeline with overdue marks, and detail pane, all in one capture (see module doc)."""
    lines = screen.splitlines()
    news = next((line for line in lines if "Scan news feeds" in line), "")
    return (bool(lines) and "Thursday 26 November 2026" in lines[0] and "[!]" in news
            and FIRST_TITLE in screen and "Position" in screen)


def wait_ready(term: Terminal) -> None:
    wait_for("the whole screen (header, timeline with [!] marks, detail pane)",
             lambda: fully_drawn(term.screen()), term)


def app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The program's environment: data in tmp_path/data, config tmp_path/config.toml, the clock at NOW in Berlin."""
    return {"SMM_TUI_DATA_DIR": str(tmp_path / "data"), "SMM_TUI_CONFIG": str(tmp_path / "config.toml"),
            "SMM_TUI_NOW": NOW, "TZ": "Europe/Berlin", "TERM": "xterm-256color", "HOME": str(tmp_path), **extra}


def launch(term: Terminal, env: dict[str, str], exit_file: Path | None = None) -> None:
    """Run the program in a 120x40 session `app` and return once its whole screen is drawn.

    With `exit_file`, the shell writes the program's exit status there when it ends.
    """
    exports = " ".join(f"{key}='{value}'" for key, value in env.items())
    command = f"env {exports} '{SCRIPT}'"
    if exit_file is not None:
        command += f"; echo $? > '{exit_file}'"
    term.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)
    wait_ready(term)
