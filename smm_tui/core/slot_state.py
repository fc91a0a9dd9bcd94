"""A slot's state at a moment: done, skipped, open, overdue or missed.

"Overdue" and "missed" are both open slots whose time is over, and they ask
for different things: an overdue slot is on today's page and can still be
done; a missed one is on a day that is over - nothing to chase, just a
record. Telling them apart keeps a day never opened from showing every
slot as an alarm (yesterday: twenty red `[!]` marks). The words are those
of the SVG export ("! missed" on a past day's card).

The day is the slot's own local date: the date its start falls on in the
zone of `now` (the clock's, which is the day's for a day planned here), so
no zone database is needed - this runs for every line of the first frame.
"""

from __future__ import annotations

from datetime import datetime

from smm_tui.core.timeline import Entry

DONE, SKIPPED, OPEN, OVERDUE, MISSED = "done", "skipped", "open", "overdue", "missed"


def slot_state(entry: Entry, now: datetime | None) -> str:
    """done, skipped, open, overdue (open, over, today) or missed (open, on a day that is over).

    Without a moment (`now=None`) an open slot is just open.
    """
    if entry.status == "done":
        return DONE
    if entry.status == "skipped":
        return SKIPPED
    if now is None or not entry.is_overdue(now):
        return OPEN
    return MISSED if entry.starts_at.astimezone(now.tzinfo).date() < now.date() else OVERDUE
