"""Clock trouble with the TUI running: jumps back and forward, a long suspend, midnight.

Deliveries are observed the way tests/ui/test_reminders_ui.py does: move the
FrozenClock, run what the timers run (`app.reminders.check()`, `app.tick()`),
and collect what the desk returned - plus every toast that reached
`ReminderDesk.show`. Each reminder has a fired-record key
("2026-11-26|leads-0930|lead|09:30"); no key may be delivered twice, in a
single toast or inside a digest, whatever the clock does.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import harness
import pytest
from tui import SIZE, crashed, new_app, settle

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.reminder_desk import ReminderDesk

pytestmark = pytest.mark.torture

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=BERLIN)


async def test_clock_jumps_never_crash_or_repeat_a_reminder_and_midnight_rolls_over(
    data_dir: Path, config_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(data_dir, clock).open()
    store.update_day(clock.now().date(), lambda d: d.set_status("criticism-0700", "done", clock.now()))
    app = new_app(data_dir, config_path, clock)
    toasts: list[tuple[str, str]] = []
    real_show = ReminderDesk.show

    def show(desk: ReminderDesk, title: str, body: str = "", **kwargs: Any) -> None:
        toasts.append((str(kwargs.get("heading", "Reminder")), title))
        real_show(desk, title, body, **kwargs)

    monkeypatch.setattr(ReminderDesk, "show", show)
    keys: Counter[str] = Counter()
    log: list[str] = []
    shown: list[Any] = []

    async def move(pilot: Any, when: datetime, what: str) -> list[Any]:
        clock.set(when)
        app.tick()  # the 15 s clock timer: now line, midnight
        delivered = app.reminders.check()  # type: ignore[union-attr]  # the reminder timers
        app.poll_outside_changes()
        await settle(pilot)
        assert crashed(app) is None, what
        for delivery in delivered:
            for reminder in delivery.reminders:
                keys[reminder.key] += 1
        log.append(f"{what}: {[d.kind for d in delivered]}")
        shown.extend(delivered)
        return delivered

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        lead = await move(pilot, at(26, 9, 20), "09:20, the lead of the 09:30 meeting")
        assert [d.reminder.task_id for d in lead] == ["leads-0930"]
        # Back an hour: what is due at the new "now" may come (the 08:30 blog post's lead was
        # never shown - the app started at 09:10), but nothing shown already (checked at the end).
        await move(pilot, at(26, 8, 20), "back 1 h")
        assert app.day == date(2026, 11, 26)
        again = await move(pilot, at(26, 9, 20), "forward to 09:20 again")
        assert "leads-0930" not in {d.reminder.task_id for d in again}, "the lead came twice"
        start = await move(pilot, at(26, 9, 30), "09:30, the meeting starts")
        assert [d.reminder.kind for d in start] == ["start"]
        digest = await move(pilot, at(26, 11, 30), "forward 2 h (suspend)")
        assert [d.kind for d in digest] == ["digest"], "two hours away is one digest, not a burst"
        await move(pilot, at(26, 10, 30), "back 1 h after the digest")
        assert await move(pilot, at(26, 11, 30), "forward again") == [], "all of it was shown before"
        await move(pilot, at(27, 11, 30), "forward 1 day")
        assert app.day == date(2026, 11, 27), "showing today follows the clock to the next day"
        await move(pilot, at(27, 10, 30), "back 1 h on the new day")
        await move(pilot, at(27, 23, 59, 30), "just before midnight")
        assert app.day == date(2026, 11, 27)
        await move(pilot, at(28, 0, 0, 30), "just after midnight")
        assert app.day == date(2026, 11, 28), "the day rolls over at midnight"
        assert app.state is not None and app.state.day == date(2026, 11, 28)
        header = str(app.day_screen.query_one("#header").render())
        assert "28" in header, header
        await move(pilot, at(27, 23, 30), "back across midnight (NTP correction)")
        assert app.day == date(2026, 11, 27), "today is the clock's day again"
        await move(pilot, at(28, 0, 5), "and forward again")
        assert app.day == date(2026, 11, 28)
        await pilot.press("t", "j", "space")  # still taking keys and saving
        assert crashed(app) is None
    repeated = {key: n for key, n in keys.items() if n > 1}
    assert not repeated, f"reminders delivered more than once: {repeated}\n" + "\n".join(log)
    startup = 0  # the app's first check ran at start-up (09:10): nothing due then on this quiet day
    assert len(toasts) == len(shown) + startup, "one toast per delivery (a digest is one, however many slots)"
    assert sum(d.is_digest for d in shown) >= 2
    harness.report("tui/clock", clock_moves=len(log), reminders_delivered=sum(keys.values()), toasts=len(toasts),
                   digests=sum(d.is_digest for d in shown),
                   duplicates=len(repeated))
