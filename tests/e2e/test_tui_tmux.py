"""The real `smm-tui` in a real terminal (tmux): open, tick the first slot with space, quit with q.

Synchronisation is by polling `tmux capture-pane` and the file system with a
deadline, never by fixed sleeps (helpers/tmux.py, whose docstring says why
the pane never sees this process's COLUMNS and LINES and what "ready" means).
"""

from __future__ import annotations

import os
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from helpers.ondisk import DAY, day_file, tasks_on_disk
from helpers.tmux import FIRST_TITLE, NOW, SCRIPT, Terminal, app_env, launch, wait_for, wait_ready

pytestmark = pytest.mark.e2e

FRIDAY = date(2026, 11, 27)


def ticked(data_dir: Path, task_id: str = "wake-0530", day: date = DAY) -> bool:
    """The day's file records the task as done (False while the day has no file)."""
    tasks = tasks_on_disk(data_dir, day)
    return bool(tasks) and tasks[task_id]["status"] == "done"


def test_tick_first_slot_with_space_then_quit(terminal: Terminal, tmp_path: Path) -> None:
    data_dir, exit_file = tmp_path / "data", tmp_path / "exit-status"
    launch(terminal, app_env(tmp_path), exit_file)
    terminal.keys("g")
    terminal.keys("Space")

    wait_for("the day file to record the tick", lambda: ticked(data_dir), terminal)
    wait_for("the [x] mark on screen",
             lambda: any(FIRST_TITLE in line and "[x]" in line for line in terminal.screen().splitlines()),
             terminal)
    terminal.keys("q")
    wait_for("the program to exit", exit_file.exists, terminal)
    assert exit_file.read_text().strip() == "0"

    tasks = tasks_on_disk(data_dir)
    assert tasks["wake-0530"]["status"] == "done"
    assert tasks["wake-0530"]["done_at"].isoformat() == NOW
    assert [t for t, v in tasks.items() if v["status"] != "todo"] == ["wake-0530"]


def test_outside_change_shows_up_within_two_seconds(terminal: Terminal, tmp_path: Path) -> None:
    """`smm-tui done` in another terminal while the app runs: the app notices and shows it."""
    env = app_env(tmp_path)
    launch(terminal, env)

    def news_line() -> str:
        return next((line for line in terminal.screen().splitlines() if "Scan news feeds" in line), "")

    done = subprocess.run([str(SCRIPT), "done", "news-0600"], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    written = time.monotonic()
    wait_for("the outside change on screen", lambda: "[x]" in news_line(), terminal)
    assert time.monotonic() - written < 2.0, "an outside edit must show within 2 s"


def test_a_stale_size_in_the_environment_does_not_size_the_app(terminal: Terminal, tmp_path: Path) -> None:
    """COLUMNS/LINES inherited from a bigger terminal: the app still fits the 120x40 pane it runs in."""
    launch(terminal, app_env(tmp_path, COLUMNS="150", LINES="60"))
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
    data_dir, exit_file = tmp_path / "data", tmp_path / "exit-status"
    (tmp_path / "config.toml").write_text('lanes = ["x", "linkedin"]\n')
    launch(terminal, app_env(tmp_path), exit_file)

    terminal.keys("v")
    wait_for("the day to scale: 15-minute rows, the now row, a gap label",
             lambda: (screen := terminal.screen()) and "05:15" in screen and "09:10" in screen
             and "30 min free" in screen, terminal)
    terminal.keys("g")
    terminal.keys("Space")
    wait_for("space in the scaled view to tick the first slot in the file", lambda: ticked(data_dir), terminal)
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
    data_dir = tmp_path / "data"
    launch(terminal, app_env(tmp_path))

    def ids(day: date) -> set[str]:
        return set(tasks_on_disk(data_dir, day))

    def wakes(day: date) -> int:
        return sum(t["title"].startswith(FIRST_TITLE) for t in tasks_on_disk(data_dir, day).values())

    journal = data_dir / "move.journal.toml"
    terminal.keys("g")
    terminal.keys(">")
    # The whole move, not its first step: today's file loses the task while the journal still exists
    # (journal, both days, then the journal removed), and asserting at that moment failed about one run in 40.
    wait_for("wake-0530 to leave today's file and the move to finish",
             lambda: ids(DAY) and "wake-0530" not in ids(DAY) and not journal.exists() and wakes(FRIDAY) == 2,
             terminal)
    assert wakes(FRIDAY) == 2, "the routine's own and the moved one"
    assert not journal.exists()

    def wake_row() -> bool:
        return any(FIRST_TITLE in line and "[" in line for line in terminal.screen().splitlines())

    wait_for("the status line saying where it went, and no wake-up row",
             lambda: f"Moved '{FIRST_TITLE}" in terminal.screen() and "to Fri 27 Nov" in terminal.screen()
             and not wake_row(), terminal)
    terminal.keys("u")
    wait_for("undo to bring it back (both files saved)",
             lambda: "wake-0530" in ids(DAY) and wakes(FRIDAY) == 1, terminal)
    assert wakes(FRIDAY) == 1 and wakes(DAY) == 1
    wait_for("the slot back on screen", wake_row, terminal)


def test_w_shows_the_week_and_space_ticks_a_day_of_it(terminal: Terminal, tmp_path: Path) -> None:
    """`w` in the real program: seven days side by side; `l` and space tick Friday's slot; `w` goes back."""
    data_dir = tmp_path / "data"
    launch(terminal, app_env(tmp_path))
    terminal.keys("w")

    def week_drawn() -> bool:
        screen = terminal.screen()
        lines = screen.splitlines()
        blog = next((line for line in lines if line.startswith("08:30")), "")
        return ("Week 48: Mon 23 Nov – Sun 29 Nov 2026" in screen and "Sun 29 Nov" in screen
                and blog.count("➤ Publish") == 7 and any(line.startswith("09:10") for line in lines))

    wait_for("the week with seven columns and the now line", week_drawn, terminal)
    terminal.keys("l")
    terminal.keys("Space")
    wait_for("Friday's file to record the tick", lambda: ticked(data_dir, "blog-0830", FRIDAY), terminal)
    wait_for("the [x] mark in Friday's column", lambda: any(
        line.startswith("08:30") and line.split("│")[5].startswith("[x]") for line in terminal.screen().splitlines()),
        terminal)
    assert not day_file(data_dir).exists(), "today's file is untouched"
    terminal.keys("w")
    wait_ready(terminal)
