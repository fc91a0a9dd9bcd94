"""The timeline's lines as plain data: bands, slots, the now line and messages.

Built from a Timeline whenever the day, the filter or the clock changes, and
drawn by `TimelineView` (widgets/timeline.py) one line at a time. No textual
here, so the rules (where the now line goes, what a filter leaves) are
tested on their own.
"""

from __future__ import annotations

from datetime import datetime

from smm_tui.core.text import printable
from smm_tui.core.timeline import BAND_HINTS, Entry, Timeline


class Row:
    """One line of the timeline (a plain slotted class: cheaper to define than a dataclass)."""

    __slots__ = ("kind", "text", "entry", "extra")

    def __init__(self, kind: str, text: str = "", entry: Entry | None = None, extra: str = "") -> None:
        self.kind = kind
        """'band', 'entry', 'now', 'blank' or 'message'."""
        self.text = text
        self.entry = entry
        self.extra = extra


def build_rows(timeline: Timeline | None, now: datetime, *, show_now: bool, query: str,
               message: str = "") -> list[Row]:
    """The lines to draw: bands with their (filtered) slots and the now line between slots.

    The now line sits right after the last shown slot that started at or before
    now - so in a gap between bands (10:20, the morning's last slot at 10:00,
    lunch at 12:00) it stays in the morning, above the next band's heading.
    With no slot started yet it goes just before the first one.
    """
    if timeline is None:
        return [Row("message", line) for line in (message or "Loading…").splitlines()]
    if query:
        from smm_tui.core.filtering import matches  # only once someone filters
    shown = [(band, [e for e in band.entries if matches(e, query, now, timeline)] if query else list(band.entries))
             for band in timeline.bands]
    last_started: str | None = None
    if show_now:
        for _band, entries in shown:
            for entry in entries:
                if entry.starts_at <= now:
                    last_started = entry.id
    rows: list[Row] = []
    placed = not show_now
    now_row = Row("now", f" now {now:%H:%M} ")
    for band, entries in shown:
        if query and not entries:
            continue
        if rows:
            rows.append(Row("blank"))
        done = sum(e.status == "done" for e in band.entries)
        # done/planned with skipped slots planned, as the header and every export count (Counts).
        rows.append(Row("band", band.label, extra=f"{done}/{len(band.entries)}" if band.entries else "",
                        entry=None))
        if not entries:
            rows.append(Row("message", f"nothing planned ({BAND_HINTS[band.key]})"))
            continue
        for entry in entries:
            if not placed and last_started is None and entry.starts_at > now:
                rows.append(now_row)
                placed = True
            rows.append(Row("entry", entry=entry))
            if not placed and entry.id == last_started:
                rows.append(now_row)
                placed = True
    if not placed:
        rows.append(now_row)
    if query and not any(r.kind == "entry" for r in rows):
        rows = [Row("message", f"no slot matches “{printable(query)}” (Esc clears the filter)")]
    elif not timeline.entries:
        rows.append(Row("blank"))
        rows.append(Row("message", "Nothing planned for this day. Press a to add a task."))
    if message:
        rows = [*(Row("message", line) for line in message.splitlines()), Row("blank"), *rows]
    return rows
