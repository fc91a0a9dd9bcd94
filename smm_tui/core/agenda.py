"""The plain-text and JSON agenda: what `smm-tui today` prints (and the txt/json exports).

Works on a `Timeline` only, so it runs unchanged on the fast path (timeline
rebuilt from the snapshot cache) and the slow path (timeline built from a
validated Day). Marks: [x] done, [~] skipped, [!] overdue (today, still
doable), [-] missed (a day that is over), [ ] open; the header line is
`Counts.summary`, the phrase every view uses.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from smm_tui.core.text import long_date, printable
from smm_tui.core.timeline import DONE, MISSED, OPEN, OVERDUE, SKIPPED, Entry, Timeline, counts_doc

MARK_DONE = "[x]"
MARK_SKIPPED = "[~]"
MARK_OVERDUE = "[!]"
MARK_MISSED = "[-]"
MARK_OPEN = "[ ]"
MARKS = {DONE: MARK_DONE, SKIPPED: MARK_SKIPPED, OVERDUE: MARK_OVERDUE, MISSED: MARK_MISSED, OPEN: MARK_OPEN}


def mark(timeline: Timeline, entry: Entry, now: datetime | None) -> str:
    return MARKS[timeline.state(entry, now)]


def render_text(timeline: Timeline, now: datetime | None) -> str:
    """The aligned agenda grouped by band; `now=None` leaves overdue marks out (stable exports)."""
    header = f"{long_date(timeline.date)}  ({timeline.zone})  {timeline.counts(now).summary()}"
    lines = [header]
    if timeline.note:
        lines.append(f"Note: {printable(timeline.note)}")
    width = len(str(len(timeline.entries))) if timeline.entries else 1
    kind_width = max((len(e.kind) for e in timeline.entries), default=0)
    for band in timeline.bands:
        if not band.entries:
            continue
        lines.append("")
        lines.append(band.label)
        for e in band.entries:
            platforms = f"  ({', '.join(printable(p) for p in e.platforms)})" if e.platforms else ""
            lines.append(
                f"  {e.position:>{width}}  {e.start:%H:%M}  {mark(timeline, e, now)}  "
                f"{e.kind:<{kind_width}}  {printable(e.title)}{platforms}"
            )
    if not timeline.entries:
        lines.append("")
        lines.append("  (nothing planned)")
    return "\n".join(lines) + "\n"


def json_document(timeline: Timeline, now: datetime | None) -> dict[str, Any]:
    """The versioned JSON document; with `now`, also `generated_at`, the counts' overdue/missed and
    per task `state` (done, skipped, open, overdue, missed) and `overdue` (open and its end passed)."""
    doc = timeline.to_doc()
    if now is not None:
        doc["generated_at"] = now.isoformat()
        doc["counts"] = counts_doc(timeline, now)
        for band, shown in zip(timeline.bands, doc["bands"], strict=True):
            for entry, task in zip(band.entries, shown["tasks"], strict=True):
                task["state"] = timeline.state(entry, now)
                task["overdue"] = entry.is_overdue(now)
    return doc


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dumps_json(document: Any) -> str:
    """Readable UTF-8 JSON that still escapes what a terminal could interpret (C1, bidi overrides)."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def render_json(timeline: Timeline, now: datetime | None) -> str:
    return dumps_json(json_document(timeline, now))
