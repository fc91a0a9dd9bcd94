"""Free gaps: the window of a day (23/25 hours on DST days), what is busy, next_free."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from smm_tui.core.gaps import day_window, describe, duration_words, free_gaps, gaps_between, next_free
from smm_tui.core.models import Day, Task
from smm_tui.core.timeline import Timeline, build

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
DAY = date(2026, 11, 26)


def timeline(*tasks: tuple[str, int] | tuple[str, int, str], on: date = DAY, zone: str = "Europe/Berlin") -> Timeline:
    made = []
    for n, spec in enumerate(tasks):
        status = spec[2] if len(spec) == 3 else "todo"  # type: ignore[misc]
        made.append(Task(id=f"t{n}", title=f"T{n}", start=time.fromisoformat(spec[0]), minutes=spec[1],
                         status=status, done_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC) if status == "done" else None))
    return build(Day(date=on, zone=zone, tasks=tuple(made)))


def spans(gaps: list) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    return [(g.start.strftime("%H:%M"), g.end.strftime("%H:%M"), g.minutes) for g in gaps]


def test_gaps_between_tasks_from_midnight_to_midnight() -> None:
    tl = timeline(("09:00", 30), ("09:15", 60), ("11:00", 30))
    assert spans(free_gaps(tl)) == [("00:00", "09:00", 540), ("10:15", "11:00", 45), ("11:30", "00:00", 750)]


def test_min_minutes_after_and_until() -> None:
    tl = timeline(("09:00", 30), ("10:15", 30), ("11:00", 30))
    assert spans(free_gaps(tl, min_minutes=46)) == [("00:00", "09:00", 540), ("11:30", "00:00", 750)]
    after = datetime(2026, 11, 26, 9, 50, 30, tzinfo=BERLIN)  # seconds round up to 09:51
    until = datetime(2026, 11, 26, 12, 0, tzinfo=BERLIN)
    assert spans(free_gaps(tl, after=after, until=until)) == [("09:51", "10:15", 24), ("10:45", "11:00", 15),
                                                              ("11:30", "12:00", 30)]


def test_skipped_tasks_free_their_time_done_ones_do_not() -> None:
    tl = timeline(("09:00", 60, "skipped"), ("10:00", 60, "done"), ("12:00", 0))
    assert spans(free_gaps(tl, until=datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN))) == [
        ("00:00", "10:00", 600), ("11:00", "14:00", 180)]  # the 0-minute 12:00 splits nothing


def test_task_past_midnight_keeps_the_day_busy_to_its_end() -> None:
    tl = timeline(("23:30", 90))
    gaps = free_gaps(tl)
    assert spans(gaps) == [("00:00", "23:30", 1410)]
    assert gaps[-1].ends_at == datetime(2026, 11, 26, 23, 30, tzinfo=BERLIN)
    assert next_free(tl, 15, datetime(2026, 11, 26, 23, 40, tzinfo=BERLIN)) is None


def test_yesterdays_tail_passed_as_also_busy() -> None:
    tl = timeline(("09:00", 30))
    tail = (datetime(2026, 11, 25, 23, 0, tzinfo=BERLIN), datetime(2026, 11, 26, 0, 45, tzinfo=BERLIN))
    assert spans(free_gaps(tl, also_busy=[tail]))[0] == ("00:45", "09:00", 495)


def test_spring_forward_day_has_23_hours() -> None:
    spring = date(2026, 3, 8)  # New York: 02:00 -> 03:00
    tl = timeline(on=spring, zone="America/New_York")
    first, last = day_window(tl)
    assert last - first == timedelta(hours=23)
    (gap,) = free_gaps(tl)
    assert gap.minutes == 23 * 60
    tl = timeline(("01:30", 60), on=spring, zone="America/New_York")  # 01:30 EST + 60 min = 03:30 EDT
    assert spans(free_gaps(tl)) == [("00:00", "01:30", 90), ("03:30", "00:00", 1230)]


def test_fall_back_day_has_25_hours() -> None:
    autumn = date(2026, 10, 25)  # Berlin: 03:00 -> 02:00
    tl = timeline(("01:00", 120), on=autumn)  # 01:00 CEST + 2 h = 02:00 CET (the second 02:00)
    first, last = day_window(tl)
    assert last - first == timedelta(hours=25)
    gaps = free_gaps(tl)
    assert spans(gaps) == [("00:00", "01:00", 60), ("02:00", "00:00", 22 * 60)]
    assert sum(g.minutes for g in gaps) + 120 == 25 * 60


def test_next_free_from_now_and_words() -> None:
    tl = timeline(("09:00", 30), ("09:30", 30), ("10:15", 30), ("11:00", 120))
    now = datetime(2026, 11, 26, 9, 10, tzinfo=BERLIN)
    gap = next_free(tl, 15, now)
    assert gap is not None and spans([gap]) == [("10:00", "10:15", 15)]
    gap = next_free(tl, 30, now)
    assert gap is not None and describe(gap) == "11 h free from 13:00"
    gap = next_free(tl, 30, datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN))
    assert gap is not None and describe(gap) == "1 h free from 08:00"
    assert next_free(tl, 30, datetime(2026, 11, 27, 1, 0, tzinfo=BERLIN)) is None
    assert [duration_words(m) for m in (5, 60, 90, 1500)] == ["5 min", "1 h", "1 h 30 min", "25 h"]


def test_gaps_between_odd_intervals() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    minute = timedelta(minutes=1)
    busy = [(at + 50 * minute, at + 70 * minute), (at - 10 * minute, at + 5 * minute), (at + 60 * minute, at + 65 * minute)]
    assert spans(gaps_between(busy, at, at + 100 * minute, UTC)) == [("00:05", "00:50", 45), ("01:10", "01:40", 30)]
    assert gaps_between([], at, at, UTC) == []


@given(st.lists(st.tuples(st.integers(0, 1500), st.integers(0, 300)), max_size=30),
       st.sampled_from(["Europe/Berlin", "America/New_York", "UTC"]),
       st.sampled_from([date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1), DAY]))
def test_gaps_and_busy_time_partition_the_day(starts: list[tuple[int, int]], zone: str, on: date) -> None:
    tasks = tuple(Task(id=f"t{n}", title="x", start=time(s // 60 % 24, s % 60), minutes=m)
                  for n, (s, m) in enumerate(starts))
    tl = build(Day(date=on, zone=zone, tasks=tasks))
    first, last = day_window(tl)
    gaps = free_gaps(tl)
    minute = timedelta(minutes=1)
    for gap in gaps:
        assert first <= gap.starts_at < gap.ends_at <= last
        for entry in tl.entries:  # no gap overlaps a task (a zero-minute one is a moment inside it)
            assert not (entry.starts_at < gap.ends_at and gap.starts_at < entry.ends_at and entry.minutes)
    for a, b in pairwise(gaps):
        assert a.ends_at < b.starts_at  # separated by something busy
    # every free minute of the day is in a gap
    t = first
    while t < last:
        covered = any(e.starts_at <= t < e.ends_at for e in tl.entries)
        in_gap = any(g.starts_at <= t < g.ends_at for g in gaps)
        assert covered != in_gap
        t += 15 * minute
