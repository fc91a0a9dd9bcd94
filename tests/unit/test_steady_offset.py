"""A day's steady UTC offset: drawing the day with it must equal drawing it with its zone.

`Timeline.utc_offset` lets the scaled view's first frame skip the zone
database (`Timeline.wall_zone` is then a fixed offset). That is only right
when the zone really keeps one offset wherever the day is drawn: from a day
before it to a day after it. These tests hold the shortcut to the zone
itself, on ordinary days, around clock changes (whole hours, Lord Howe's half
hour, Samoa's skipped day), on local-mean-time offsets with seconds, and at
both ends of the supported dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.gaps import day_window, free_gaps
from smm_tui.core.models import Day, Task
from smm_tui.core.scale import STEPS, layout
from smm_tui.core.timeline import Timeline, build
from smm_tui.core.wallclock import FIRST_DATE, LAST_DATE, steady_offset

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia",
         "America/Sao_Paulo", "Africa/Casablanca", "Europe/Moscow", "UTC", "Asia/Tehran", "America/St_Johns",
         "Antarctica/Troll", "Pacific/Chatham", "Europe/Dublin")


def _day(on: date, zone: str, *specs: tuple[str, int]) -> Timeline:
    tasks = tuple(Task(id=f"t{n}", title=f"T{n}", start=time.fromisoformat(start), minutes=minutes)
                  for n, (start, minutes) in enumerate(specs))
    return build(Day(date=on, zone=zone, tasks=tasks))


def _without_offset(timeline: Timeline) -> Timeline:
    return Timeline(timeline.date, timeline.zone, timeline.note, timeline.bands, timeline.source,
                    timeline.over_at, None)


@pytest.mark.parametrize(("zone", "on", "expected"), [
    ("Europe/Berlin", date(2026, 11, 26), 3600),
    ("Europe/Berlin", date(2026, 7, 1), 7200),
    ("Asia/Kathmandu", date(2026, 11, 26), 20700),
    ("UTC", date(2026, 3, 29), 0),
    ("Europe/Berlin", date(2026, 3, 29), None),  # spring forward
    ("Europe/Berlin", date(2026, 3, 28), None),  # the day before: drawn rows reach into the change
    ("Europe/Berlin", date(2026, 3, 30), None),  # the day after
    ("Europe/Berlin", date(2026, 10, 25), None),  # fall back
    ("Australia/Lord_Howe", date(2026, 10, 4), None),  # a half-hour change
    ("Pacific/Apia", date(2011, 12, 30), None),  # the day Samoa skipped
    ("Europe/Berlin", FIRST_DATE, 3208),  # local mean time: an offset with seconds
    ("Europe/Berlin", LAST_DATE, 3600),
])
def test_the_offset_a_day_keeps(zone: str, on: date, expected: int | None) -> None:
    assert _day(on, zone).utc_offset == expected


def test_a_change_anywhere_in_the_span_is_seen() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    change = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    for minutes in range(1, 24 * 60, 7):  # the change at every position within a sampling step and across it
        start = change - timedelta(minutes=minutes)
        assert steady_offset(start, start + timedelta(days=3), berlin) is None
    assert steady_offset(change, change + timedelta(days=3), berlin) == 7200


def _changes(zone: str, year: int) -> list[date]:
    """The days of a year on which the zone's offset at 12:00 UTC differs from the day before's."""
    tz, out = ZoneInfo(zone), []
    at = datetime(year, 1, 1, 12, tzinfo=UTC)
    before = at.astimezone(tz).utcoffset()
    while at.year == year:
        at += timedelta(days=1)
        offset = at.astimezone(tz).utcoffset()
        if offset != before:
            out.append(at.date())
        before = offset
    return out


@st.composite
def days(draw: st.DrawFn) -> tuple[str, date]:
    """A zone and a day: often within two days of one of its clock changes, where the shortcut must not apply."""
    zone = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):
        year = draw(st.integers(1900, 2045))
        changes = _changes(zone, year)
        if changes:
            return zone, draw(st.sampled_from(changes)) + timedelta(days=draw(st.integers(-2, 2)))
    return zone, draw(st.one_of(st.dates(date(1890, 1, 1), date(2045, 12, 31)), st.sampled_from([FIRST_DATE, LAST_DATE])))


@settings(max_examples=150, deadline=None)
@given(zone_day=days(), starts=st.lists(st.tuples(st.integers(0, 24 * 60 - 1), st.integers(0, 24 * 60)), max_size=5),
       step=st.sampled_from(STEPS), lanes=st.booleans())
def test_the_steady_offset_draws_what_the_zone_draws(zone_day: tuple[str, date], starts: list[tuple[int, int]],
                                                     step: int, lanes: bool) -> None:
    zone, on = zone_day
    specs = [(f"{m // 60:02d}:{m % 60:02d}", minutes) for m, minutes in starts]
    timeline = _day(on, zone, *specs)
    plain = _without_offset(timeline)
    if timeline.utc_offset is not None:  # the shortcut: same wall time as the zone at every quarter hour
        tz, fixed = ZoneInfo(zone), timeline.wall_zone()
        first, last = day_window(plain)
        at = first - timedelta(days=1)
        while at <= last + timedelta(days=1):
            assert at.astimezone(fixed).replace(tzinfo=None) == at.astimezone(tz).replace(tzinfo=None)
            at += timedelta(minutes=15)
    assert day_window(timeline) == day_window(plain)
    assert free_gaps(timeline) == free_gaps(plain)
    for whole_day in (False, True):
        assert layout(timeline, step, lanes=lanes, whole_day=whole_day) == \
            layout(plain, step, lanes=lanes, whole_day=whole_day)
