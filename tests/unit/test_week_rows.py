"""The week's rows without Textual: which line a slot lands on, where the now line goes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from smm_tui.core.models import Day, Task
from smm_tui.core.timeline import Timeline, build
from smm_tui.core.weeks import WEEKDAYS, week_of
from smm_tui.ui.widgets.week_rows import WeekRow, build_week_rows

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)


def day(on: date, *tasks: tuple[str, str, str]) -> Timeline:
    """A day of tasks given as (id, "HH:MM", kind)."""
    return build(Day(date=on, zone="Europe/Berlin", tasks=tuple(
        Task(id=task_id, title=task_id, start=time.fromisoformat(at), kind=kind) for task_id, at, kind in tasks)))


def slots(rows: list[WeekRow]) -> list[tuple[str, ...]]:
    """Each slot row as its cells' ids ('' for an empty cell)."""
    return [tuple(c.id if c is not None else "" for c in row.cells) for row in rows if row.kind == "slot"]


@pytest.mark.parametrize("start", WEEKDAYS)
def test_week_of_starts_on_the_configured_day_and_holds_the_day(start: str) -> None:
    for offset in range(7):
        days = week_of(MONDAY + timedelta(days=offset), start)
        assert len(days) == 7 and days[0].strftime("%A").lower() == start
        assert MONDAY + timedelta(days=offset) in days
        assert days == [days[0] + timedelta(days=i) for i in range(7)]


def test_an_extra_early_task_does_not_push_later_slots_off_their_line() -> None:
    monday = day(MONDAY, ("early", "06:30", "publish"), ("answer-mon", "07:00", "reply"))
    friday = day(MONDAY + timedelta(days=4), ("answer-fri", "07:00", "reply"))
    assert slots(build_week_rows([monday, friday], None)) == [("early", ""), ("answer-mon", "answer-fri")]


def test_slots_at_one_time_are_told_apart_by_kind_and_none_is_hidden() -> None:
    weekday = day(MONDAY, ("call", "14:00", "meeting"), ("round", "14:00", "monitor"))
    weekend = day(MONDAY + timedelta(days=5), ("round-sat", "14:00", "monitor"), ("round-2", "14:00", "monitor"))
    rows = build_week_rows([weekday, weekend], None)
    assert slots(rows) == [("call", ""), ("round", "round-sat"), ("", "round-2")]
    assert [row.text for row in rows if row.kind == "slot"] == ["14:00", "", ""]  # the time written once


def test_bands_in_order_with_blank_lines_between_and_empty_bands_left_out() -> None:
    rows = build_week_rows([day(MONDAY, ("a", "08:00", "checkin"), ("b", "20:00", "checkin")), None], None)
    assert [(row.kind, row.text) for row in rows] == [
        ("band", "Morning"), ("slot", "08:00"), ("blank", ""), ("band", "Evening"), ("slot", "20:00")]
    assert rows[1].cells[1] is None  # a day still loading (or broken) has empty cells


@pytest.mark.parametrize(("at", "after"), [
    (datetime(2026, 11, 24, 9, 10, tzinfo=BERLIN), "b"),  # after the last started slot of today
    (datetime(2026, 11, 24, 6, 0, tzinfo=BERLIN), None),  # before today's first slot
    (datetime(2026, 11, 24, 23, 0, tzinfo=BERLIN), "c"),
])
def test_the_now_line_follows_todays_column(at: datetime, after: str | None) -> None:
    monday = day(MONDAY, ("x", "05:00", "checkin"), ("y", "09:30", "checkin"))
    tuesday = day(MONDAY + timedelta(days=1), ("a", "07:00", "checkin"), ("b", "09:00", "checkin"),
                  ("c", "21:00", "checkin"))
    rows = build_week_rows([monday, tuesday], at)
    index = next(i for i, row in enumerate(rows) if row.kind == "now")
    assert rows[index].text == f"now {at:%H:%M}"
    if after is None:
        assert rows[index + 1].cells[1] is not None and rows[index + 1].cells[1].id == "a"
    else:
        assert rows[index - 1].cells[1] is not None and rows[index - 1].cells[1].id == after


def test_no_now_line_when_today_is_not_in_the_week() -> None:
    rows = build_week_rows([day(MONDAY, ("a", "07:00", "checkin"))], datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN))
    assert all(row.kind != "now" for row in rows)


def test_the_now_line_sits_on_the_time_axis_of_all_days() -> None:
    """Another day's 16:18 slot is before 17:52: the line goes below it, not below today's 16:00."""
    monday = day(MONDAY, ("m1", "16:18", "checkin"), ("m2", "17:39", "checkin"), ("m3", "18:30", "checkin"))
    tuesday = day(MONDAY + timedelta(days=1), ("t1", "16:00", "checkin"), ("t2", "18:00", "checkin"))
    rows = build_week_rows([monday, tuesday], datetime(2026, 11, 24, 17, 52, tzinfo=BERLIN))
    index = next(i for i, row in enumerate(rows) if row.kind == "now")
    assert [row.at.strftime("%H:%M") for row in rows[index - 1:index + 2:2] if row.at] == ["17:39", "18:00"]
