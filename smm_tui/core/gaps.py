"""Free time in a day: the gaps between its tasks, in real time.

What counts as busy and what as the day is decided once, here, so that `f` in
the app, the scaled view's "45 min free" labels, `smm-tui free` and
`smm-tui add --at next` all agree:

- The window is the day itself: from its 00:00 to the next day's 00:00 in the
  day's zone, as instants, so a spring-forward day has 23 hours and a fall-back
  day 25. `after` and `until` narrow it (e.g. `after=now`: only what is left).
- Busy is every task's [start, end) instant, done or open. A done task took
  its time; an open one is still planned there.
- A *skipped* task frees its time: skipping is the decision not to spend it.
- A task of zero minutes is a moment (a reminder, a check-in tick), not a
  stretch of time, so it splits no gap.
- A task that runs past midnight keeps the end of its day busy up to the
  day's end; what it takes of the next day is that day's business, and the
  caller may pass it as `also_busy` (e.g. yesterday's last slot that runs
  into today's first hour).

Gaps are whole minutes: an edge with seconds (a `now` at 10:07:30) is rounded
inwards, because a task can only start on a whole minute.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo

from smm_tui.core.records import record
from smm_tui.core.timeline import Entry, Timeline
from smm_tui.core.wallclock import resolve_in

MINUTE = timedelta(minutes=1)


@record
class Gap(tuple[datetime, datetime, time, time]):
    """A stretch of free time of at least one minute.

    A record (`core.records`) rather than a dataclass or a NamedTuple: it is
    immutable and typed, and costs next to nothing to define (the scaled
    view may be the first frame).
    """

    __slots__ = ()
    starts_at: datetime
    """UTC-aware, a whole minute."""
    ends_at: datetime
    """UTC-aware, a whole minute; at most the window's end."""
    start: time
    """Wall-clock start in the day's zone, for display."""
    end: time
    """Wall-clock end in the day's zone (00:00 when the gap runs to the day's end)."""

    def __new__(cls, starts_at: datetime, ends_at: datetime, start: time, end: time) -> Gap:
        return tuple.__new__(cls, (starts_at, ends_at, start, end))

    @property
    def minutes(self) -> int:
        """Its real length in minutes (across a DST change too: instants, not wall times)."""
        return int((self[1] - self[0]) // MINUTE)


def day_window(timeline: Timeline) -> tuple[datetime, datetime]:
    """The day's first and last instant (00:00 to the next 00:00 in its zone), UTC."""
    tz = timeline.wall_zone()
    start = resolve_in(timeline.date, time(0), tz)
    end = timeline.over_at or resolve_in(timeline.date, time(0), tz, day_offset=1)
    return start, end


def busy(entries: Iterable[Entry]) -> list[tuple[datetime, datetime]]:
    """The intervals the entries take, by the rules in the module docstring (skipped and zero-length: none)."""
    return [(e.starts_at, e.ends_at) for e in entries if e.status != "skipped" and e.ends_at > e.starts_at]


def _floor_minute(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(second=0, microsecond=0)


def _ceil_minute(at: datetime) -> datetime:
    floor = _floor_minute(at)
    return floor if floor == at else floor + MINUTE


def gaps_between(intervals: Iterable[tuple[datetime, datetime]], start: datetime, end: datetime,
                 tz: tzinfo, *, min_minutes: int = 1) -> list[Gap]:
    """The free stretches of [start, end) not covered by `intervals`, at least `min_minutes` long.

    The lower-level form of `free_gaps` for any set of busy intervals (one
    platform's lane, say). Intervals may overlap, touch and lie partly outside. `tz` shows the gaps'
    wall times: the day's `Timeline.wall_zone()`.
    """
    cursor = _ceil_minute(start)
    end = _floor_minute(end)
    found: list[Gap] = []

    def close(until: datetime) -> None:
        until = _floor_minute(min(until, end))
        if until - cursor >= max(min_minutes, 1) * MINUTE:
            found.append(Gap(cursor, until, cursor.astimezone(tz).time(), until.astimezone(tz).time()))

    for begins, ends in sorted(intervals):
        if ends <= cursor:
            continue
        if begins >= end:
            break
        if begins > cursor:
            close(begins)
        cursor = max(cursor, _ceil_minute(ends))
        if cursor >= end:
            return found
    close(end)
    return found


def free_gaps(timeline: Timeline, *, after: datetime | None = None, until: datetime | None = None,
              min_minutes: int = 1, also_busy: Sequence[tuple[datetime, datetime]] = ()) -> list[Gap]:
    """The day's free gaps of at least `min_minutes`, in order, within [after, until] of the day.

    `after` and `until` are instants; outside the day they are clipped to it.
    """
    first, last = day_window(timeline)
    start = max(first, after) if after is not None else first
    end = min(last, until) if until is not None else last
    if end <= start:
        return []
    return gaps_between([*busy(timeline.entries), *also_busy], start, end, timeline.wall_zone(),
                        min_minutes=min_minutes)


def next_free(timeline: Timeline, minutes: int, after: datetime, *,
              also_busy: Sequence[tuple[datetime, datetime]] = ()) -> Gap | None:
    """The first gap of at least `minutes` that is free from `after` on, or None if the day has none left.

    The gap starts at `after` (rounded up to a whole minute) when that moment
    is free; a task of `minutes` fits at its start.
    """
    gaps = free_gaps(timeline, after=after, min_minutes=max(minutes, 1), also_busy=also_busy)
    return gaps[0] if gaps else None


def duration_words(minutes: int) -> str:
    """45 -> '45 min', 120 -> '2 h', 90 -> '1 h 30 min': short enough for a label in a block."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def describe(gap: Gap) -> str:
    """'45 min free from 10:15': the status line's words for a gap."""
    return f"{duration_words(gap.minutes)} free from {gap.start.strftime('%H:%M')}"
