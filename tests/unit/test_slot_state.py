"""core.slot_state: an open slot whose time is over is overdue on its day, missed once the day is over."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from smm_tui.core.slot_state import DONE, MISSED, OPEN, OVERDUE, SKIPPED, slot_state
from smm_tui.core.store import Store
from smm_tui.core.timeline import build

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 26)


def test_states_through_the_day_and_after(store: Store) -> None:
    day = store.load_day(DAY).set_status("wake-0530", "done", datetime(2026, 11, 26, 6, tzinfo=BERLIN))
    day = day.set_status("news-0600", "skipped", datetime(2026, 11, 26, 6, tzinfo=BERLIN))
    tl = build(day, source="file")
    wake, news, criticism, late = (tl.entry(i) for i in ("wake-0530", "news-0600", "criticism-0700",
                                                        "last-look-2300"))
    assert wake is not None and news is not None and criticism is not None and late is not None
    at_0910 = datetime(2026, 11, 26, 9, 10, tzinfo=BERLIN)
    assert slot_state(wake, at_0910) == DONE
    assert slot_state(news, at_0910) == SKIPPED
    assert slot_state(criticism, at_0910) == OVERDUE, "over and open, on its own day: still doable"
    assert slot_state(late, at_0910) == OPEN
    assert slot_state(criticism, None) == OPEN, "no moment: no lateness"
    just_before_midnight = datetime(2026, 11, 26, 23, 59, tzinfo=BERLIN)
    assert slot_state(criticism, just_before_midnight) == OVERDUE
    next_morning = datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN)
    assert slot_state(criticism, next_morning) == MISSED, "the day is over"
    assert slot_state(late, next_morning) == MISSED
    assert slot_state(criticism, next_morning.astimezone(UTC).astimezone(BERLIN)) == MISSED
