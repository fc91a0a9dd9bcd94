"""The ics export's events written straight to text, byte for byte what `icalendar` writes for them.

Why: building an `icalendar.Event` per task and letting the library
serialise it costs about 0.3 ms per event (typed property objects,
parameter objects, a content-line object per line, folding char by char),
which made the year's export (14,600 events) take over 5 s - far more than
reading the year. The events of an export are always the same dozen
properties (see `ics.event`), so they are formatted here directly with the
library's own rules:

- property order: icalendar's canonical order (SUMMARY, DTSTART, DTEND,
  DTSTAMP, UID) and then the rest alphabetically, VALARM after the
  properties, its properties alphabetically;
- TEXT escaping in the library's order (`\\N`, backslash, `;`, `,`, line ends);
- date-times as `YYYYMMDDTHHMMSS`, `Z` for UTC, and the `;TZID=` parameter
  exactly as the library writes it for that zone (asked once per zone);
- durations (the alarm's TRIGGER) as the library writes them (asked once per lead);
- lines folded at 75 octets with the library's rule (a line of at most 74
  bytes is never folded, which is nearly every line).

`ics.event` stays the reference; tests/unit/test_export_ics_fast.py compares
the two over generated days (titles with every kind of character, long notes,
DST days, several zones), so a change in either shows up as a difference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache

from icalendar.parser.content_line import Contentline
from icalendar.prop import vDDDTypes

from smm_tui.core.export.options import ExportOptions
from smm_tui.core.timeline import Entry, Timeline

_FOLD_LIMIT = 75


_SPECIAL = re.compile(r"[\\;,\r\n]")


def escape(text: str) -> str:
    """TEXT escaping, in the order the library applies it."""
    if not _SPECIAL.search(text):
        return text
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded as the library folds it (see the module docstring)."""
    if len(line) < _FOLD_LIMIT and (line.isascii() or len(line.encode()) < _FOLD_LIMIT):
        return line
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode())
        if current and count + size >= _FOLD_LIMIT:
            # Like the library: never split a backslash (or ^) escape from what it escapes.
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                folded.append("".join(current))
                current = [carried]
                count = len(carried.encode())
            else:
                folded.append("".join(current))
                current = []
                count = 0
        current.append(char)
        count += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


@lru_cache(maxsize=64)
def _datetime_form(name: str, tz: tzinfo) -> tuple[str, str]:
    """(what follows the property name up to the colon, the value's suffix) for date-times in this tz."""
    probe = vDDDTypes(datetime(2000, 1, 1, tzinfo=tz))
    line = str(Contentline.from_parts(name, probe.params, probe))
    head, _, value = _split_params(line)
    return head[len(name):], value[len("20000101T000000"):]


def _split_params(line: str) -> tuple[str, str, str]:
    """Split `NAME;PARAMS:VALUE` at the colon that ends the parameters (quoted values may hold colons)."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], ":", line[index + 1:]
    raise ValueError(line)


def _datetime(name: str, value: datetime) -> str:
    params, suffix = _datetime_form(name, value.tzinfo or UTC)
    return (f"{name}{params}:{value.year:04}{value.month:02}{value.day:02}"
            f"T{value.hour:02}{value.minute:02}{value.second:02}{suffix}")


@lru_cache(maxsize=256)
def _trigger(lead: int) -> str:
    return str(Contentline.from_parts("TRIGGER", vDDDTypes(timedelta(minutes=-lead)).params,
                                      vDDDTypes(timedelta(minutes=-lead))))


def event_text(entry: Entry, timeline: Timeline, options: ExportOptions, stamp: str) -> str:
    """The VEVENT of one slot as CRLF-terminated text; `stamp` is the DTSTAMP line (same for every event)."""
    from smm_tui.core.export import ics

    zone_name = timeline.zone
    title = ics.clean_text(entry.title)
    lines = [
        "BEGIN:VEVENT",
        fold("SUMMARY:" + escape(ics.DONE_PREFIX + title if entry.status == "done" else title)),
        _datetime("DTSTART", ics.local_time(entry.starts_at, zone_name)),
    ]
    if entry.minutes:
        lines.append(_datetime("DTEND", ics.local_time(entry.ends_at, zone_name)))
    lines.append(stamp)
    lines.append(fold("UID:" + escape(ics.uid_for(timeline.date, entry.id))))
    categories = [entry.kind]
    if entry.status != "todo":
        categories.append(entry.status)
    lines.append(fold("CATEGORIES:" + ",".join(escape(c) for c in categories)))
    text = ics.clean_text(ics.description(entry.note, entry.platforms))
    if text:
        lines.append(fold("DESCRIPTION:" + escape(text)))
    lines.append("STATUS:CANCELLED" if entry.status == "skipped" else "STATUS:CONFIRMED")
    if entry.done_at is not None:
        lines.append(fold(f"{ics.X_DONE_AT}:" + escape(entry.done_at.isoformat())))
    lines.append(fold(f"{ics.X_ID}:" + escape(entry.id)))
    if entry.lead is not None:
        lines.append(f"{ics.X_LEAD}:{entry.lead}")
    if entry.platforms:
        lines.append(fold(f"{ics.X_PLATFORMS}:" + ",".join(escape(p) for p in entry.platforms)))
    if entry.slot is not None:
        lines.append(fold(f"{ics.X_SLOT}:" + escape(entry.slot)))
    if entry.uid is not None:
        lines.append(fold(f"{ics.X_SOURCE_UID}:" + escape(ics.clean_text(entry.uid))))
    lines.append(fold(f"{ics.X_STATUS}:" + escape(entry.status)))
    if entry.status == "todo":
        lead = options.lead_for(entry)
        if lead != 0 or options.at_start:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", fold("DESCRIPTION:" + escape(title)),
                      fold(_trigger(lead)), "END:VALARM"]
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def render(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    """The whole file: the calendar head (properties, VTIMEZONEs) from the library, then the events."""
    from smm_tui.core.export import ics

    head = bytes(ics.calendar(timelines, options, events=False).to_ical())
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    stamp = _datetime("DTSTAMP", options.now.astimezone(UTC))
    body = "".join(event_text(entry, timeline, options, stamp) for timeline in timelines for entry in timeline.entries)
    return head[: -len(end)] + body.encode() + end
