"""The real `smm-tui` in a real terminal (tmux): open, tick the first slot with space, quit with q.

Synchronisation is by polling `tmux capture-pane` and the file system with a
deadline, never by fixed sleeps. The tmux server is private to this test (its
own socket) and is killed in `finally`, also when an assertion fails.

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

    wait_ready(terminal)
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
    wait_ready(terminal)

    def news_line() -> str:
        return next((line for line in terminal.screen().splitlines() if "Scan news feeds" in line), "")

    done = subprocess.run([str(script), "done", "news-0600"], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    written = time.monotonic()
    wait_for("the outside change on screen", lambda: "[x]" in news_line(), terminal)
    assert time.monotonic() - written < 2.0, "an outside edit must show within 2 s"


def test_a_stale_size_in_the_environment_does_not_size_the_app(terminal: Terminal, tmp_path: Path) -> None:
    """COLUMNS/LINES inherited from a bigger terminal: the app still fits the 120x40 pane it runs in."""
    data_dir, config = tmp_path / "data", tmp_path / "config.toml"
    script = Path(sys.executable).parent / "smm-tui"
    env = {"SMM_TUI_DATA_DIR": str(data_dir), "SMM_TUI_CONFIG": str(config), "SMM_TUI_NOW": NOW,
           "TZ": "Europe/Berlin", "TERM": "xterm-256color", "HOME": str(tmp_path),
           "COLUMNS": "150", "LINES": "60"}
    exports = " ".join(f"{key}='{value}'" for key, value in env.items())
    terminal.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", f"env {exports} '{script}'")
    wait_ready(terminal)
    lines = terminal.screen().splitlines()
    assert lines[0].startswith(" Thursday 26 November 2026"), "the header is the first line"
    assert any("q Quit" in line for line in lines[-3:]), "the footer is the last line"
    terminal.tmux("resize-window", "-t", "app", "-x", "90", "-y", "30")
    wait_for("the app to follow the pane to 90x30",
             lambda: (screen := terminal.screen().splitlines()) and len(screen) <= 30
             and screen[0].startswith(" Thursday") and "Position" not in "\n".join(screen)
             and any("q Quit" in line for line in screen[-2:]), terminal)


def test_scaled_view_and_lanes_in_the_real_program(terminal: Terminal, tmp_path: Path) -> None:
    """`v` shows the day to scale (a time per row, gap labels), space ticks there, `p` shows lanes."""
    data_dir, config = tmp_path / "data", tmp_path / "config.toml"
    config.write_text('lanes = ["x", "linkedin"]\n')
    exit_file = tmp_path / "exit-status"
    script = Path(sys.executable).parent / "smm-tui"
    env = {"SMM_TUI_DATA_DIR": str(data_dir), "SMM_TUI_CONFIG": str(config), "SMM_TUI_NOW": NOW,
           "TZ": "Europe/Berlin", "TERM": "xterm-256color", "HOME": str(tmp_path)}
    exports = " ".join(f"{key}='{value}'" for key, value in env.items())
    command = f"env {exports} '{script}'; echo $? > '{exit_file}'"
    terminal.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)
    wait_ready(terminal)

    terminal.keys("v")
    wait_for("the day to scale: 15-minute rows, the now row, a gap label",
             lambda: (screen := terminal.screen()) and "05:15" in screen and "09:10" in screen
             and "30 min free" in screen, terminal)
    terminal.keys("g")
    terminal.keys("Space")

    def ticked() -> bool:
        path = data_dir / DAY_FILE
        return path.exists() and {t["id"]: t for t in tomllib.loads(path.read_text())["tasks"]}[
            "wake-0530"]["status"] == "done"

    wait_for("space in the scaled view to tick the first slot in the file", ticked, terminal)
    terminal.keys("p")
    wait_for("the lane names x, LinkedIn and other in one line",
             lambda: any(line.split()[:3] == ["X", "LinkedIn", "other"] for line in terminal.screen().splitlines()
                         if line.strip()), terminal)
    terminal.keys("q")
    wait_for("the program to exit", exit_file.exists, terminal)
    assert exit_file.read_text().strip() == "0"


def test_greater_than_postpones_the_slot_to_tomorrow_and_u_brings_it_back(terminal: Terminal,
                                                                           tmp_path: Path) -> None:
    """`>` in the real program: the task leaves today's file for tomorrow's (one move), `u` undoes it."""
    data_dir, config = tmp_path / "data", tmp_path / "config.toml"
    script = Path(sys.executable).parent / "smm-tui"
    env = {"SMM_TUI_DATA_DIR": str(data_dir), "SMM_TUI_CONFIG": str(config), "SMM_TUI_NOW": NOW,
           "TZ": "Europe/Berlin", "TERM": "xterm-256color", "HOME": str(tmp_path)}
    exports = " ".join(f"{key}='{value}'" for key, value in env.items())
    terminal.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", f"env {exports} '{script}'")
    wait_ready(terminal)

    def ids(day_file: str) -> set[str]:
        path = data_dir / day_file
        return {t["id"] for t in tomllib.loads(path.read_text())["tasks"]} if path.exists() else set()

    def wakes(day_file: str) -> int:
        return sum(t["title"].startswith(FIRST_TITLE) for t in tomllib.loads((data_dir / day_file).read_text())["tasks"])

    terminal.keys("g")
    terminal.keys(">")
    wait_for("wake-0530 to leave today's file", lambda: ids(DAY_FILE) and "wake-0530" not in ids(DAY_FILE),
             terminal)
    tomorrow = "days/2026-11-27.toml"
    assert wakes(tomorrow) == 2, "the routine's own and the moved one"
    assert not (data_dir / "move.journal.toml").exists()

    def wake_row() -> bool:
        return any(FIRST_TITLE in line and "[" in line for line in terminal.screen().splitlines())

    wait_for("the status line saying where it went, and no wake-up row",
             lambda: f"Moved '{FIRST_TITLE}" in terminal.screen() and "to Fri 27 Nov" in terminal.screen()
             and not wake_row(), terminal)
    terminal.keys("u")
    wait_for("undo to bring it back (both files saved)",
             lambda: "wake-0530" in ids(DAY_FILE) and wakes(tomorrow) == 1, terminal)
    assert wakes(tomorrow) == 1 and wakes(DAY_FILE) == 1
    wait_for("the slot back on screen", wake_row, terminal)
