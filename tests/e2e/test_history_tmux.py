"""The real `smm-tui` in tmux: `S` shows the statistics, `ctrl+f` finds a task and Enter shows its day.

The terminal helpers are helpers/tmux.py's (a private tmux server, polling
with a deadline, never fixed sleeps). A short history is written first with
the store, as the app itself would have saved it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers.tmux import NOW, Terminal, app_env, launch, wait_for
from smm_tui.core.clock import FrozenClock
from smm_tui.core.models import Task
from smm_tui.core.store import Store

pytestmark = pytest.mark.e2e

BERLIN = ZoneInfo("Europe/Berlin")
NOTE = "pinned in the company page afterwards"


def write_history(data_dir: Path) -> None:
    """Monday to Wednesday of this week worked (wake-up and lunch done), and a recap last Friday."""
    clock = FrozenClock(datetime.fromisoformat(NOW), "Europe/Berlin")
    store = Store(data_dir, clock).open()
    for day in (date(2026, 11, 23) + timedelta(days=n) for n in range(3)):
        at = datetime.combine(day, time(5, 40), tzinfo=BERLIN)
        store.update_day(day, lambda d, at=at: d.set_status("wake-0530", "done", at).set_status("lunch-1200", "done", at))
    recap = Task(id="recap", title="Weekly recap", start=time(17, 0), kind="publish", platforms=("linkedin",),
                 note=NOTE)
    store.update_day(date(2026, 11, 20), lambda d: d.with_task(recap))


def start(terminal: Terminal, tmp_path: Path) -> None:
    write_history(tmp_path / "data")
    launch(terminal, app_env(tmp_path))


def test_s_shows_statistics_and_switches_range(terminal: Terminal, tmp_path: Path) -> None:
    start(terminal, tmp_path)
    terminal.keys("S")
    wait_for("this week's statistics", lambda: (screen := terminal.screen()).startswith(" Statistics: this week")
             and "2026-11-23 to 2026-11-29" in screen and "3 day(s) counted" in screen
             and "morning check" in screen and "By platform" in screen, terminal)
    terminal.keys("m")
    wait_for("this month's statistics", lambda: "Statistics: this month" in (screen := terminal.screen())
             and "2026-11-01 to 2026-11-30" in screen and "November 2026" in screen, terminal)
    terminal.keys("Escape")
    wait_for("the day again", lambda: terminal.screen().startswith(" Thursday 26 November 2026"), terminal)


def test_ctrl_f_finds_a_task_and_enter_shows_its_day(terminal: Terminal, tmp_path: Path) -> None:
    start(terminal, tmp_path)
    terminal.keys("C-f")
    wait_for("the search field", lambda: "search all days" in terminal.screen(), terminal)
    terminal.keys("recap")
    wait_for("the result", lambda: "1 found" in (screen := terminal.screen())
             and "2026-11-20 17:00 [ ] ➤ publish    Weekly recap  (linkedin)" in screen, terminal)
    terminal.keys("Enter")
    # The day of the result, with the recap selected: the detail pane shows its note (wrapped), its row is in view.
    wait_for("Friday with the recap selected", lambda: (screen := terminal.screen()).startswith(" Friday 20 November")
             and "pinned in the company" in screen and "(id recap)" in screen
             and any("17:00" in line and "Weekly recap" in line for line in screen.splitlines()), terminal)
