"""The `/` filter: which slots match a query like `reply x` or `kind:meeting`.

Plain functions (no textual) so the rules are unit-tested on their own.
Every whitespace-separated word must match (AND):
- `kind:NAME` (or `k:`): the kind starts with NAME (`kind:rep` -> reply)
- `platform:NAME` (or `p:`): one of the platforms starts with NAME
- `status:done|todo|open|skipped|overdue|missed` (or `s:`)
- any other word: found (case-insensitive) in the title, note, kind, kind label
  or a platform name/label.
"""

from __future__ import annotations

from datetime import datetime

from smm_tui.core.kinds import KIND_LABELS, platform_label
from smm_tui.core.timeline import Entry, Timeline

_PREFIXES = {"kind": "kind", "k": "kind", "platform": "platform", "p": "platform", "status": "status", "s": "status"}


def _word_matches(entry: Entry, word: str, now: datetime | None, timeline: Timeline | None) -> bool:
    field, sep, value = word.partition(":")
    if sep and field in _PREFIXES and value:
        what = _PREFIXES[field]
        if what == "kind":
            return entry.kind.startswith(value)
        if what == "platform":
            return any(p.casefold().startswith(value) or platform_label(p).casefold().startswith(value)
                       for p in entry.platforms)
        if value in ("open", "todo"):
            return entry.status == "todo"
        if value in ("overdue", "missed"):
            if timeline is not None:
                return timeline.state(entry, now) == value
            return value == "overdue" and now is not None and entry.is_overdue(now)
        return entry.status.startswith(value)
    haystack = " ".join(
        (entry.title, entry.note, entry.kind, KIND_LABELS.get(entry.kind, ""),
         *entry.platforms, *(platform_label(p) for p in entry.platforms))
    ).casefold()
    return word in haystack


def matches(entry: Entry, query: str, now: datetime | None = None, timeline: Timeline | None = None) -> bool:
    """True when every word of `query` matches `entry` (an empty query matches all).

    `timeline` (the entry's day) tells overdue from missed (`Timeline.state`).
    """
    return all(_word_matches(entry, word, now, timeline) for word in query.casefold().split())
