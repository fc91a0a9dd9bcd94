"""Move targets as people type them: one parser for `move --to` and the app's move dialog."""

from __future__ import annotations

from datetime import date, time

import pytest

from smm_tui.core.when import read_target

TODAY = date(2026, 11, 26)  # a Thursday
TASK_DAY = date(2026, 11, 28)  # a Saturday


@pytest.mark.parametrize(("text", "day", "at"), [
    ("2026-12-02", date(2026, 12, 2), None),
    ("today", TODAY, None),
    ("Tomorrow", date(2026, 11, 27), None),
    ("yesterday", date(2026, 11, 25), None),
    ("+2", date(2026, 11, 30), None),
    ("mon", date(2026, 11, 30), None),
    ("saturday", date(2026, 12, 5), None),  # the NEXT Saturday after the task's Saturday
    ("10:30", TASK_DAY, time(10, 30)),
    ("7:05", TASK_DAY, time(7, 5)),
    ("tomorrowT09:00", date(2026, 11, 27), time(9, 0)),
    ("2026-12-02T10:30", date(2026, 12, 2), time(10, 30)),
    ("fri 16:00", date(2026, 12, 4), time(16, 0)),
    ("  +1  ", date(2026, 11, 29), None),
])
def test_each_form_resolves_against_today_and_the_tasks_day(text: str, day: date, at: time | None) -> None:
    target = read_target(text)
    assert (target.resolve(TODAY, TASK_DAY), target.at) == (day, at)


@pytest.mark.parametrize("text", [
    "", "2026-13-01", "tomorrowT24:00", "12:60", "２０２６-11-27", "+１", "+", "-2", "mo", "noon",
    "tomorrow at 10", "9999-12-31", "+99999",
])
def test_anything_else_is_one_line_saying_what_was_expected(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        read_target(text)
    assert "\n" not in str(caught.value)


def test_a_target_past_the_supported_dates_is_refused_on_resolve() -> None:
    with pytest.raises(ValueError, match="outside the supported dates"):
        read_target("+9999").resolve(TODAY, date(9990, 1, 1))
