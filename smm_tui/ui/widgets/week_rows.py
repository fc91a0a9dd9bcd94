"""The week's lines as plain data: band headings, time-aligned slot rows and the now line.

Why time-aligned rows: the week is read across as much as down. A Monday
07:00 and a Friday 07:00 must sit on one line, even when Monday has an extra
06:30 task that Friday lacks. So every row is one start time of one band,
taken from the union of the seven days' slots; a day with no slot at that
time leaves its cell empty. Slots at one time are told apart by kind (a
weekday's 14:00 call and 14:00 monitoring round take two rows, and a
weekend's lone 14:00 round sits on the round's row), and two of one kind at
one time in one day take two rows, so nothing is ever hidden.
(Rows "per band with the most slots of any day" would be shorter, but a
single added task would shift every later slot of its day off its line.)

No Textual here: `WeekGrid` (widgets/week_grid.py) draws these rows, and the
rules (which row a slot lands on, where the now line goes) are tested alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from smm_tui.core.timeline import BAND_KEYS, BAND_LABELS, Entry, Timeline


class Column:
    """What one day's column shows (a plain slotted class, set by the screen)."""

    __slots__ = ("day", "timeline", "note")

    def __init__(self, day: date, timeline: Timeline | None, note: str = "") -> None:
        self.day = day
        self.timeline = timeline
        self.note = note
        """Why there is no timeline ("loading…", a file's problem); empty when there is one."""


class WeekRow:
    """One line of the week (a plain slotted class, as widgets/rows.py's Row)."""

    __slots__ = ("kind", "text", "at", "cells")

    def __init__(self, kind: str, text: str = "", at: time | None = None,
                 cells: tuple[Entry | None, ...] = ()) -> None:
        self.kind = kind
        """'band', 'slot', 'now' or 'blank'."""
        self.text = text
        """A band's label, the now line's "now HH:MM", a slot row's time (empty when the row above has it)."""
        self.at = at
        """A slot row's start time (the time gutter shows it)."""
        self.cells = cells
        """A slot row's entry per day (None: that day has no slot at this time)."""


RowKey = tuple[time, str, int]


def _keyed(entries: Sequence[Entry]) -> dict[RowKey, Entry]:
    """A day's slots of one band by (start, kind, occurrence of both in the day)."""
    seen: dict[tuple[time, str], int] = {}
    out: dict[RowKey, Entry] = {}
    for entry in entries:
        n = seen.get((entry.start, entry.kind), 0)
        seen[(entry.start, entry.kind)] = n + 1
        out[(entry.start, entry.kind, n)] = entry
    return out


def build_week_rows(timelines: Sequence[Timeline | None], now: datetime | None) -> list[WeekRow]:
    """The week's rows for `timelines` (one per column, None while a day is loading or broken).

    The now line goes right after the last row whose time has come (rows are
    one time axis for all the days), so in a gap between bands it stays above
    the next band's heading, as on the day view; before the first row it goes
    first. It is drawn only when today is one of the columns.
    """
    today = now.date() if now is not None else None
    today_col = next((i for i, t in enumerate(timelines) if t is not None and t.date == today), None)
    rows: list[WeekRow] = []
    for key in BAND_KEYS:
        per_day = [_keyed(next((b.entries for b in t.bands if b.key == key), ())) if t is not None else {}
                   for t in timelines]
        keys = sorted({k for day in per_day for k in day})
        if not keys:
            continue
        if rows:
            rows.append(WeekRow("blank"))
        rows.append(WeekRow("band", BAND_LABELS[key]))
        previous: time | None = None
        for k in keys:
            # The time is written once for the rows that share it (the gutter stays readable).
            rows.append(WeekRow("slot", text="" if k[0] == previous else f"{k[0]:%H:%M}", at=k[0],
                                cells=tuple(day.get(k) for day in per_day)))
            previous = k[0]
    if today_col is not None and now is not None:
        wall = now.time().replace(tzinfo=None)
        started = [i for i, row in enumerate(rows) if row.kind == "slot" and row.at is not None and row.at <= wall]
        first = next((i for i, row in enumerate(rows) if row.kind == "slot"), len(rows))
        rows.insert(started[-1] + 1 if started else first, WeekRow("now", f"now {now:%H:%M}"))
    return rows

