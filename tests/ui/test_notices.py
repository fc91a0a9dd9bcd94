"""Messages never pile up over the work: confirmations in one status line, reminder notes that go
when answered, no toast over an open dialog, compact notes at 80x24.

The frozen clock says Thursday 2026-11-26 09:10 (Europe/Berlin); the 07:00
reply slot is ticked first so the next reminder is the 09:20 lead of "Follow
up with sales and marketing on social leads" (leads-0930).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.screens.day import DayScreen
from smm_tui.ui.screens.task_form import TaskForm

SIZE = (120, 40)
LEADS = "Follow up with sales and marketing on social leads"
MakeApp = Callable[..., SmmApp]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=ZoneInfo("Europe/Berlin"))


def toasts(app: SmmApp) -> list[Any]:
    """Textual toasts on the screen on top (there are none on a screen without a rack)."""
    return list(app.screen.query("Toast"))


async def settle(pilot: Any, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


async def remind(pilot: Any, clock: FrozenClock, when: datetime) -> None:
    clock.set(when)
    pilot.app.reminders.check()
    await settle(pilot)


async def test_five_quick_ticks_leave_one_status_line_and_no_toast(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("g", "space", "j", "space", "j", "space", "j", "space", "j", "space")
        await settle(pilot)
        assert toasts(app) == [], "routine confirmations are not toasts"
        assert app.notices.status_text == "Done: Publish the blog post on today's news"
        await pilot.press("u")
        await settle(pilot)
        assert toasts(app) == []
        assert app.notices.status_text.startswith("Undone: ")
        line = app.day_screen.query_one("StatusLine")
        assert line.region.height == 1, "one line, above the footer"
        line.clear()  # what its timer calls after a few seconds
        assert app.notices.status_text == ""


async def test_a_message_held_back_before_the_mount_never_replaces_a_later_one(make_app: MakeApp) -> None:
    """Said before the status line existed, a message waits for `mounted()`; a newer one said once the line is
    there wins. Under load the mount's replay came after a key's message and wrote the older one over it."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        notices = app.notices
        notices._status = ("said before the mount", "information", None)  # what say() held back
        notices.say("said after it")  # the line exists now
        notices.mounted()  # the mount's replay, arriving late
        assert notices.status_text == "said after it"


async def test_reminder_note_goes_when_done_with_shift_d(make_app: MakeApp, clock: FrozenClock, quiet_day: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remind(pilot, clock, at(9, 20))
        (note,) = app.notices.reminder_texts
        assert LEADS in note and "z snooze · D done" in note
        await pilot.press("D")
        await settle(pilot)
        assert app.notices.reminder_texts == [], "answered: the note goes"
        assert toasts(app) == []


async def test_reminder_note_goes_when_snoozed(make_app: MakeApp, clock: FrozenClock, quiet_day: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remind(pilot, clock, at(9, 20))
        assert len(app.notices.reminder_texts) == 1
        await pilot.press("z")
        await settle(pilot)
        assert app.notices.reminder_texts == [] or isinstance(app.screen, DayScreen) is False
        await pilot.press("1")
        await settle(pilot)
        assert app.notices.reminder_texts == []
        assert app.notices.status_text.startswith("Snoozed until 09:25")


async def test_reminder_note_goes_when_its_slot_is_ticked(make_app: MakeApp, clock: FrozenClock,
                                                         quiet_day: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remind(pilot, clock, at(9, 20))
        assert len(app.notices.reminder_texts) == 1
        app.day_screen.timeline_view.select("leads-0930")
        await pilot.press("space")
        await settle(pilot)
        assert app.notices.reminder_texts == []
        assert app.reminders.last is None, "D no longer acts on it"


async def test_an_older_note_stops_offering_the_keys(make_app: MakeApp, clock: FrozenClock, store: Store) -> None:
    app = make_app()  # the 07:00 reply slot is open: it nags (09:15) as the lead (09:20) comes
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remind(pilot, clock, at(9, 20))
        older, newer = app.notices.reminder_texts
        assert "D done" not in older, "z and D act on the latest reminder only"
        assert "D done" in newer


async def test_nothing_toasts_over_an_open_form(make_app: MakeApp, clock: FrozenClock, quiet_day: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TaskForm)
        app.notify("The disk is full", severity="error")
        await remind(pilot, clock, at(9, 20))
        assert toasts(app) == [], "nothing covers the form"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert [str(toast.render()) for toast in toasts(app)] == ["The disk is full"], "shown once it closed"
        assert len(app.notices.reminder_texts) == 1


async def test_a_reminder_note_is_compact_at_80x24(make_app: MakeApp, clock: FrozenClock, quiet_day: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await remind(pilot, clock, at(9, 20))
        (note,) = app.day_screen.query("ReminderNote")
        assert note.region.height <= 4 and note.region.width <= 40, note.region
        assert note.region.bottom <= 24 - 2, "above the status line and the footer"
        assert toasts(app) == []
