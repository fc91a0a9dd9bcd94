"""Reminders in the TUI: toasts, flash, bell, snooze, done, digest, scheduling, notify_command.

The frozen clock says Thursday 2026-11-26 09:10 (Europe/Berlin). The reply
slot at 07:00 is ticked off first (`quiet_day`) so its nags do not join in;
then the next reminder is the 10-minute lead of "Follow up with sales and
marketing on social leads" (meeting, 09:30) at 09:20. Tests move the clock
and call `app.reminders.check()` - what the one-shot timer and the coarse
check call - and settle with `await pilot.pause()`; one test lets the real
Textual timer fire with a clock that runs.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from helpers.ondisk import DAY, status_on_disk
from helpers.pilot import until_palette_offers
from smm_tui.config import Reminders, Settings
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.reminder_desk import ReminderDesk

SIZE = (120, 40)
BERLIN = ZoneInfo("Europe/Berlin")
LEADS = "Follow up with sales and marketing on social leads"
MakeApp = Callable[..., SmmApp]


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, 26, hour, minute, second, tzinfo=BERLIN)


def utc(hour: int, minute: int = 0) -> datetime:
    return at(hour, minute).astimezone(UTC)


def toasts(app: SmmApp) -> list[str]:
    """What the app says: every reminder note (heading, title, body, hint), then the status line."""
    return [*app.notices.reminder_texts, app.notices.status_text]


def reminder_toasts(app: SmmApp) -> list[str]:
    return app.notices.reminder_texts


@pytest.fixture
def rings(monkeypatch: pytest.MonkeyPatch) -> Callable[[SmmApp], list[bool]]:
    def attach(app: SmmApp) -> list[bool]:
        rung: list[bool] = []
        monkeypatch.setattr(app, "bell", lambda: rung.append(True))
        return rung

    return attach


async def advance_to(pilot: Any, clock: FrozenClock, when: datetime) -> list[Any]:
    """Move the clock and run what the timers run; returns the deliveries."""
    clock.set(when)
    delivered = pilot.app.reminders.check()
    await pilot.pause()
    return delivered


# --- delivery ------------------------------------------------------------------------------


async def test_lead_time_passes_toast_flash_and_bell(make_app: MakeApp, clock: FrozenClock, quiet_day: Store,
                                                     rings) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        rung = rings(app)
        desk = app.reminders
        assert desk is not None, "the reminder service starts once the store is ready"
        assert desk.armed_for == utc(9, 20), "the one-shot timer is set to the next reminder"
        assert {"reminder-next", "reminders"} <= {timer.name for timer in app._timers}
        assert reminder_toasts(app) == [] and rung == []

        await advance_to(pilot, clock, at(9, 19, 59))
        assert reminder_toasts(app) == [], "not before its time"
        await advance_to(pilot, clock, at(9, 20))
        (text,) = reminder_toasts(app)
        assert text.startswith("Reminder: coming up (lead)")
        assert LEADS in text and "Meeting 09:30-10:00: starts in 10 min" in text
        assert "z snooze · D done" in text
        assert rung == [True]

        view = app.day_screen.timeline_view
        assert view.flashing == {"leads-0930"} and view.is_lit("leads-0930")
        row = view.row_of("leads-0930")
        assert row is not None
        line = view.render_line(row - round(view.scroll_offset.y))
        assert LEADS in line.text and all(seg.style and seg.style.reverse for seg in line if seg.text.strip())
        for _ in range(view.FLASH_STEPS):  # what the flash interval calls; it ends by itself
            view.flash_step()
        assert view.flashing == set() and view._flash_timer is None
        line = view.render_line(row - round(view.scroll_offset.y))
        assert not any(seg.style and seg.style.reverse for seg in line if seg.text.strip())

        assert desk.armed_for == utc(9, 30), "re-armed for the slot's start"
        await advance_to(pilot, clock, at(9, 20, 30))
        assert len(reminder_toasts(app)) == 1 and rung == [True], "each reminder once"


async def test_no_bell_when_config_says_so(make_app: MakeApp, clock: FrozenClock, quiet_day: Store,
                                           rings) -> None:  # type: ignore[no-untyped-def]
    app = make_app(settings=Settings(bell=False))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        rung = rings(app)
        await advance_to(pilot, clock, at(9, 20))
        assert len(reminder_toasts(app)) == 1
    assert rung == []


async def test_two_reminders_at_once_ring_once(make_app: MakeApp, clock: FrozenClock, store: Store,
                                               rings) -> None:  # type: ignore[no-untyped-def]
    app = make_app()  # the 07:00 reply slot stays open: it nags every 15 min
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        rung = rings(app)
        delivered = await advance_to(pilot, clock, at(9, 20))  # nag (09:15, within grace) and the lead
        assert [d.reminder.kind for d in delivered] == ["nag", "lead"]
        texts = reminder_toasts(app)
        assert len(texts) == 2 and texts[0].startswith("Reminder: still open (nag)")
        assert "overdue since 07:30, still open" in texts[0]
        assert rung == [True]


async def test_a_hostile_title_is_shown_literally(make_app: MakeApp, clock: FrozenClock, quiet_day: Store) -> None:
    from smm_tui.core.models import Task

    task = Task.model_validate({"id": "evil", "title": "x\x1b[2J [bold red]boo[/] \x07", "start": "09:15:00",
                                "minutes": 10, "kind": "reply", "lead": 0})
    quiet_day.update_day(DAY, lambda d: d.with_task(task))
    app = make_app(settings=Settings(reminders=Reminders(nag_kinds=())))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await advance_to(pilot, clock, at(9, 15))
        (text,) = reminder_toasts(app)
    assert "x\\x1b[2J [bold red]boo[/] \\x07" in text
    assert "\x1b" not in text and "\x07" not in text


# --- snooze and done -----------------------------------------------------------------------


async def test_snooze_with_z_comes_back_once(make_app: MakeApp, clock: FrozenClock, quiet_day: Store,
                                             data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await advance_to(pilot, clock, at(9, 20))
        await pilot.press("z")
        await pilot.pause()
        assert type(app.screen).__name__ == "SnoozeScreen"
        options = app.screen.query_one("OptionList")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["1  5 minutes", "2  10 minutes", "3  30 minutes", "4  until the next slot (09:30)"]
        await pilot.press("1")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
        assert any(text.startswith(f"Snoozed until 09:25: {LEADS}") for text in toasts(app))
        assert app.reminders.armed_for == utc(9, 25)
        state = tomllib.loads((data_dir / "state" / "reminders.toml").read_text())
        assert "2026-11-26|leads-0930|lead|09:30" in state["snoozed"], "the snooze is saved"

        assert await advance_to(pilot, clock, at(9, 24)) == []
        (back,) = await advance_to(pilot, clock, at(9, 25))
        assert back.reminder.snoozed_from and back.reminder.task_id == "leads-0930"
        assert "snoozed, starts in 5 min" in reminder_toasts(app)[-1]
        assert await advance_to(pilot, clock, at(9, 26)) == [], "once"


async def test_snooze_until_the_next_slot_and_escape_keeps_it(make_app: MakeApp, clock: FrozenClock,
                                                              quiet_day: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await advance_to(pilot, clock, at(9, 20))
        await pilot.press("z", "escape")
        await pilot.pause()
        assert app.reminders.last is not None, "Esc snoozes nothing"
        await pilot.press("z", "down", "down", "down", "enter")
        await pilot.pause()
        assert app.reminders.last is None
        assert app.reminders.armed_for == utc(9, 30)


async def test_palette_snooze_uses_the_configured_choices(make_app: MakeApp, clock: FrozenClock,
                                                          quiet_day: Store) -> None:
    app = make_app(settings=Settings(reminders=Reminders(snooze_minutes=(7,))))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await advance_to(pilot, clock, at(9, 20))
        await pilot.press("ctrl+p")
        await pilot.press(*"reminder: snooze 7")
        await until_palette_offers(pilot, "reminder: snooze 7 min")
        await pilot.press("enter")
        await pilot.pause()
        assert app.reminders.armed_for == utc(9, 27)


async def test_done_from_the_reminder_is_saved_undoable_and_silences_it(
    make_app: MakeApp, clock: FrozenClock, quiet_day: Store, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await advance_to(pilot, clock, at(9, 20))
        assert app.day_screen.timeline_view.cursor_id == "blog-0830", "the cursor is elsewhere"
        await pilot.press("D")
        await pilot.pause()
        assert status_on_disk(data_dir, "leads-0930") == "done"
        assert any(text.startswith(f"Done: {LEADS}") for text in toasts(app))
        assert app.reminders.armed_for == utc(9, 50), "next: the 10:00 monitoring round's lead"
        assert await advance_to(pilot, clock, at(9, 30)) == [], "no start reminder for a done slot"
        await pilot.press("u")  # undo, like any other change
        await pilot.pause()
        assert status_on_disk(data_dir, "leads-0930") == "todo"


async def test_snooze_and_done_without_a_reminder_say_so(make_app: MakeApp, data_dir: Path, notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await pilot.press("z", "D")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
    assert [m for _, m in seen] == ["No reminder to snooze (reminders show here as they fall due).",
                                    "No reminder to tick off (reminders show here as they fall due)."]
    assert not (data_dir / "days").exists() or not list((data_dir / "days").iterdir())


# --- missed while away, scheduling, changes --------------------------------------------------


async def test_two_hours_away_is_one_digest(make_app: MakeApp, clock: FrozenClock, quiet_day: Store,
                                            rings) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        rung = rings(app)
        await advance_to(pilot, clock, at(9, 20))
        before = len(reminder_toasts(app))
        delivered = await advance_to(pilot, clock, at(11, 20))  # suspended 09:20-11:20
        assert [d.kind for d in delivered] == ["digest"]
        new = reminder_toasts(app)[before:]
        assert len(new) == 1, "one notification, not a burst"
        assert new[0].startswith("Reminder digest\nMissed while away: 2 slots\n")
        assert "09:30 " + LEADS + " (meeting, start)" in new[0]
        assert "10:00 Monitoring round" in new[0] and "3 reminders in all" in new[0]
        assert rung == [True, True]
        assert app.reminders.last is not None and app.reminders.last.reminder.kind == "lead", \
            "a digest is not what z and D act on"


async def test_the_real_timer_fires_within_a_second(data_dir: Path, config_path: Path, quiet_day: Store,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    class RunningClock(FrozenClock):
        """Starts at a given instant and then runs with real time (monotonic)."""

        def __init__(self, start: datetime) -> None:
            super().__init__(start, "Europe/Berlin")
            self._origin = asyncio.get_running_loop().time()

        def now(self) -> datetime:
            elapsed = asyncio.get_running_loop().time() - self._origin
            return super().now() + timedelta(seconds=elapsed)

    # Three seconds before the reminder: the app's start (under a loaded CI machine, well over the
    # 0.4 s this test once allowed) must be over before the reminder is due, or it is armed late.
    running = RunningClock(at(9, 19, 57))
    app = SmmApp(data_dir, config_path, running, store=Store(data_dir, running).open(), cursor_blink=False)
    shown = asyncio.Event()
    when: list[datetime] = []
    real = ReminderDesk.show

    def show(desk: ReminderDesk, title: str, body: str = "", **kwargs: Any) -> None:
        when.append(running.now())
        shown.set()
        real(desk, title, body, **kwargs)

    monkeypatch.setattr(ReminderDesk, "show", show)
    async with app.run_test(size=SIZE, notifications=True):
        assert app.reminders is not None and app.reminders.armed_for == utc(9, 20)
        await asyncio.wait_for(shown.wait(), timeout=5)  # an event, with a deadline - not a sleep
    assert timedelta(0) <= when[0] - at(9, 20) < timedelta(seconds=1)


async def test_a_change_to_the_day_rearms_the_timer(make_app: MakeApp, clock: FrozenClock, quiet_day: Store,
                                                    data_dir: Path) -> None:
    from smm_tui.core.history import SetFields

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.reminders.armed_for == utc(9, 20)
        app.apply_operation(SetFields("leads-0930", {"start": at(9, 15).time()}))  # lead now 09:05: gone
        await pilot.pause()
        assert app.reminders.armed_for == utc(9, 15)
        # an outside change (smm-tui done in another terminal) re-arms too
        Store(data_dir, clock).open().update_day(DAY, lambda d: d.set_status("leads-0930", "done", clock.now()))
        app.poll_outside_changes()
        await pilot.pause()
        assert app.reminders.armed_for == utc(9, 50)


async def test_tui_and_remind_once_never_both_deliver(make_app: MakeApp, clock: FrozenClock, quiet_day: Store) -> None:
    def remind_once(now: datetime) -> str:
        env = dict(os.environ, SMM_TUI_NOW=now.isoformat())
        result = subprocess.run([sys.executable, "-m", "smm_tui", "remind", "--once"], capture_output=True,
                                text=True, env=env, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert len(await advance_to(pilot, clock, at(9, 20))) == 1  # the TUI shows the lead ...
        assert remind_once(at(9, 20)) == "", "... so the headless one does not"
        printed = remind_once(at(9, 30))  # the headless one takes the start ...
        assert printed.startswith("09:30  start  09:30  " + LEADS)
        assert await advance_to(pilot, clock, at(9, 30)) == [], "... so the TUI does not"
        assert len(reminder_toasts(app)) == 1


# --- notify_command, problems, exit ---------------------------------------------------------


async def test_notify_command_runs_in_a_worker_and_a_failure_is_reported_once(
    make_app: MakeApp, clock: FrozenClock, quiet_day: Store, tmp_path: Path, notes  # type: ignore[no-untyped-def]
) -> None:
    log = tmp_path / "notified"
    script = ("import sys; open(sys.argv[1], 'a').write(sys.argv[2] + '\\n'); "
              "sys.stderr.write('no desktop here\\n'); sys.exit(3)")
    settings = Settings(notify_command=(sys.executable, "-c", script, str(log), "{title}"))
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        seen = notes(app)
        service = app.reminders.service
        threads: list[bool] = []
        real_notify = service.notify

        def notify(delivery: Any) -> None:
            threads.append(threading.current_thread() is threading.main_thread())
            real_notify(delivery)

        service.notify = notify  # type: ignore[method-assign]
        await advance_to(pilot, clock, at(9, 20))
        await app.workers.wait_for_complete()
        await pilot.pause()
        await advance_to(pilot, clock, at(9, 30))
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert threads == [False, False], "never on the UI thread"
    assert log.read_text().splitlines() == [LEADS, LEADS], "one run per reminder, title as plain text"
    failures = [m for severity, m in seen if severity == "warning" and "notify_command failed" in m]
    assert len(failures) == 1 and "exited with status 3: no desktop here" in failures[0]


async def test_exit_saves_the_reminder_state(make_app: MakeApp, clock: FrozenClock, quiet_day: Store,
                                             data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        clock.set(at(9, 12))
        app.reminders.check()
        await pilot.press("q")
        await pilot.pause()
    state = tomllib.loads((data_dir / "state" / "reminders.toml").read_text())
    assert state["seen_until"] == utc(9, 12), "the next start knows what it missed since"


def test_first_frame_imports_neither_the_reminder_service_nor_the_exporters() -> None:
    code = (
        "import sys\n"
        "import smm_tui.ui, smm_tui.ui.app, smm_tui.ui.screens.day, smm_tui.ui.startup\n"
        "loaded = [m for m in ('smm_tui.reminders.service', 'smm_tui.ui.reminder_desk', 'smm_tui.core.export',\n"
        "          'smm_tui.ui.screens.export', 'icalendar', 'pydantic') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


async def test_without_a_usable_data_dir_reminders_are_off_and_say_so(
    data_dir: Path, config_path: Path, clock: FrozenClock, notes  # type: ignore[no-untyped-def]
) -> None:
    data_dir.mkdir(parents=True)
    data_dir.chmod(0o777)  # refused by the store: nothing may be written there
    app = SmmApp(data_dir, config_path, clock, cursor_blink=False)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ready and app.reminders is None
        await pilot.press("z", "D")
        await pilot.pause()
    assert [m for _, m in seen if m.startswith("Reminders are off")] == [
        "Reminders are off: the data dir could not be opened."] * 2
    assert list(data_dir.iterdir()) == []
