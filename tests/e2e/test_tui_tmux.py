"""The real `smm-tui` in a real terminal (tmux): open, tick the first slot with space, quit with q.

Synchronisation is by polling `tmux capture-pane` and the file system with a
deadline, never by fixed sleeps. The tmux server is private to this test (its
own socket) and is killed in `finally`, also when an assertion fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

NOW = "2026-11-26T09:10:00+01:00"
DAY_FILE = "days/2026-11-26.toml"
FIRST_TITLE = "Wake up: email and overnight mentions"
DEADLINE = 30.0


class Terminal:
    """A tmux server of our own with one session running the command."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app", check=False)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

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
    raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{term.screen()}")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is required for the end-to-end tests (apt-get install tmux; CI installs it)")
    term = Terminal(f"smm-e2e-{os.getpid()}-{time.monotonic_ns()}")
    try:
        yield term
    finally:
        term.close()


def test_tick_first_slot_with_space_then_quit(terminal: Terminal, tmp_path: Path) -> None:
    data_dir, config = tmp_path / "data", tmp_path / "config.toml"
    exit_file = tmp_path / "exit-status"
    script = Path(sys.executable).parent / "smm-tui"
    env = {"SMM_TUI_DATA_DIR": str(data_dir), "SMM_TUI_CONFIG": str(config), "SMM_TUI_NOW": NOW,
           "TZ": "Europe/Berlin", "TERM": "xterm-256color", "HOME": str(tmp_path)}
    exports = " ".join(f"{key}='{value}'" for key, value in env.items())
    command = f"env {exports} '{script}'; echo $? > '{exit_file}'"
    terminal.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)

    wait_for("the first slot title", lambda: FIRST_TITLE in terminal.screen(), terminal)
    terminal.keys("g")
    terminal.keys("Space")

    def ticked() -> bool:
        path = data_dir / DAY_FILE
        if not path.exists():
            return False
        tasks = {t["id"]: t for t in tomllib.loads(path.read_text())["tasks"]}
        return tasks["wake-0530"]["status"] == "done"

    wait_for("the day file to record the tick", ticked, terminal)
    wait_for("the [x] mark on screen",
             lambda: any(FIRST_TITLE in line and "[x]" in line for line in terminal.screen().splitlines()),
             terminal)
    terminal.keys("q")
    wait_for("the program to exit", exit_file.exists, terminal)
    assert exit_file.read_text().strip() == "0"

    tasks = {t["id"]: t for t in tomllib.loads((data_dir / DAY_FILE).read_text())["tasks"]}
    assert tasks["wake-0530"]["status"] == "done"
    assert tasks["wake-0530"]["done_at"].isoformat() == NOW
    assert [t for t, v in tasks.items() if v["status"] != "todo"] == ["wake-0530"]


def test_outside_change_shows_up_within_two_seconds(terminal: Terminal, tmp_path: Path) -> None:
    """`smm-tui done` in another terminal while the app runs: the app notices and shows it."""
    data_dir, config = tmp_path / "data", tmp_path / "config.toml"
    script = Path(sys.executable).parent / "smm-tui"
    env = {"SMM_TUI_DATA_DIR": str(data_dir), "SMM_TUI_CONFIG": str(config), "SMM_TUI_NOW": NOW,
           "TZ": "Europe/Berlin", "TERM": "xterm-256color", "HOME": str(tmp_path)}
    exports = " ".join(f"{key}='{value}'" for key, value in env.items())
    terminal.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", f"env {exports} '{script}'")
    wait_for("the first slot title", lambda: FIRST_TITLE in terminal.screen(), terminal)

    def news_line() -> str:
        return next((line for line in terminal.screen().splitlines() if "Scan news feeds" in line), "")

    wait_for("the app to be ready", lambda: "[!]" in news_line(), terminal)
    done = subprocess.run([str(script), "done", "news-0600"], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    written = time.monotonic()
    wait_for("the outside change on screen", lambda: "[x]" in news_line(), terminal)
    assert time.monotonic() - written < 2.0, "an outside edit must show within 2 s"
