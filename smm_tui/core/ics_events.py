"""An .ics file's events as things to bring into days: tasks for timed events, note lines for all-day ones.

The first half of `smm-tui import` (core.ics_import plans and writes). Kept
apart because converting one event is its own set of rules, independent of
how the result is merged into the days:

- Timed VEVENTs become `meeting` tasks on the local date they start on, at
  their start converted from the event's zone (TZID with VTIMEZONE, IANA or
  Windows zone names, UTC) to the local zone; a floating time (no zone, or a
  TZID nobody defines) is a wall time and placed as written; minutes are the
  real duration (UTC instants), capped at one day. SUMMARY is the title;
  DESCRIPTION and LOCATION become the note; STATUS:CANCELLED makes the task
  skipped.
- All-day events become a line "All day: <summary>" for every day they cover.
- Each foreign occurrence is keyed by its UID (plus `#<RECURRENCE-ID>` for an
  occurrence of a recurring event), kept in `Task.uid`; our own export (events
  with X-SMM-ID) comes back field for field as the tasks it was made from.
- An event that cannot be read or validated is skipped with one line naming
  it; expansion stops past MAX_OCCURRENCES (a DataError: narrow the range).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from smm_tui.core.errors import DataError, Problem
from smm_tui.core.export import ics as own
from smm_tui.core.ics_calendar import describe, expanded, one_line, parse_calendar, text_of, usable_events
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import NOTE_MAX, STATUSES, TITLE_MAX, UID_MAX, Task

MAX_OCCURRENCES = 10_000
ALL_DAY_PREFIX = "All day: "


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing to bring into one day: a task (timed event) or a note line (all-day event)."""

    day: date
    task: Task | None = None
    key: str | None = None
    """Task.uid of a foreign event occurrence; None for our own exports (matched by task id)."""
    starts_at: datetime | None = None
    note_line: str | None = None


@dataclass
class Parsed:
    """What a file holds for a range, converted but not yet merged with any day."""

    items: list[Incoming] = field(default_factory=list)
    events_in_file: int = 0
    """VEVENT components in the file (series and overrides count once each)."""
    unknown_zones: set[str] = field(default_factory=set)
    """TZIDs that neither the file (VTIMEZONE) nor the system defines: read as local time."""
    skipped: list[str] = field(default_factory=list)
    """One line per event that could not be imported (UID, title, why); the rest imports."""
    occurrences: int = 0
    """Occurrences expanded in and near the range."""


def read_events(path: Path, data: bytes, zone_name: str, first: date, last: date) -> Parsed:
    """Every occurrence in [first, last] (local dates), converted; DataError for a broken file.

    Expansion is lazy and stops at MAX_OCCURRENCES + 1, and rules that would take too
    long to reach the range are skipped before expanding (usable_events): a
    200-byte FREQ=SECONDLY event is refused in milliseconds, not hours.
    """
    cal = parse_calendar(path, data)
    parsed = Parsed(events_in_file=len(cal.walk("VEVENT")))
    usable_events(path, cal, last, parsed.skipped, parsed.unknown_zones)
    recurring = _recurring_uids(cal)
    for event in islice(expanded(path, cal, first, last, parsed.skipped), MAX_OCCURRENCES + 1):
        parsed.occurrences += 1
        if parsed.occurrences > MAX_OCCURRENCES:
            raise DataError([Problem(path, f"more than {MAX_OCCURRENCES} events in the range; "
                                           "narrow it with --from/--to")])
        try:
            _convert(path, event, zone_name, first, last, recurring, parsed)
        except DataError as exc:
            parsed.skipped.append(f"{path}: skipped {describe(event)}: {exc.problems[0].message}")
        except Exception as exc:  # noqa: BLE001 - a value the conversion cannot use
            parsed.skipped.append(f"{path}: skipped {describe(event)}: {one_line(exc)}")
    return parsed


def _recurring_uids(cal: Any) -> set[str]:
    out = set()
    for event in cal.walk("VEVENT"):
        if any(name in event for name in ("RRULE", "RDATE", "RECURRENCE-ID")):
            out.add(str(event.get("UID", "")))
    return out


def _instant(value: datetime, zone_name: str) -> tuple[datetime, bool]:
    """UTC instant of an event time; floating (naive) times are local. Also: was it floating?"""
    from smm_tui.core.wallclock import zone

    if value.tzinfo is None:
        return value.replace(tzinfo=zone(zone_name)).astimezone(UTC), True
    return value.astimezone(UTC), False


def _stamp(value: date) -> str:
    """An occurrence's RECURRENCE-ID as key text: UTC for a zoned time, the wall time itself
    for a floating one - so re-importing after the local zone changed finds the same task."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return f"{value.year:04d}{value:%m%dT%H%M%S}"
        utc = value.astimezone(UTC)
        return f"{utc.year:04d}{utc:%m%dT%H%M%S}Z"
    return f"{value.year:04d}{value:%m%d}"


def _key(event: Any, uid: str, recurring: set[str]) -> str:
    if uid in recurring:
        rid = event.get("RECURRENCE-ID")
        anchor = rid.dt if rid is not None else event.start
        key = f"{uid}#{_stamp(anchor)}"
    else:
        key = uid
    return key[:UID_MAX]


def _clean(text: str, limit: int) -> str:
    text = text.replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _convert(path: Path, event: Any, zone_name: str, first: date, last: date, recurring: set[str],
             parsed: Parsed) -> None:
    from smm_tui.core.wallclock import zone

    start = event.start
    summary = _clean(text_of(event, "SUMMARY").strip(), TITLE_MAX) or "(no title)"
    uid = text_of(event, "UID").replace("\x00", "") or f"no-uid:{summary}:{start}"
    if not isinstance(start, datetime):  # all-day: a note on each day it covers
        end = event.end if isinstance(event.end, date) and event.end > start else start + timedelta(days=1)
        for offset in range((end - start).days):
            day = start + timedelta(days=offset)
            if first <= day <= last:
                parsed.items.append(Incoming(day, note_line=ALL_DAY_PREFIX + " ".join(summary.split())))
        return
    starts_at, floating = _instant(start, zone_name)
    # A floating time is a wall time wherever the user is: placed as written, never converted
    # (re-importing after the local zone changed must not move it).
    local = start if floating else starts_at.astimezone(zone(zone_name))
    if not first <= local.date() <= last:
        return  # inside the library's window with margins, outside the range asked for
    end = event.end if isinstance(event.end, datetime) else start
    ends_at = _instant(end, zone_name)[0]
    minutes = max(0, min(24 * 60, round((ends_at - starts_at).total_seconds() / 60)))
    wall = time(local.hour, local.minute)
    x_id = own.read_x_text(event, own.X_ID)
    if x_id:
        task = _own_task(path, event, uid, x_id, summary, wall, minutes)
        parsed.items.append(Incoming(local.date(), task=task, starts_at=None if floating else starts_at))
        return
    key = _key(event, uid, recurring)
    note_parts = [text_of(event, "DESCRIPTION").strip()]
    location = text_of(event, "LOCATION").strip()
    if location:
        note_parts.append(f"Location: {location}")
    note = _clean("\n\n".join(p for p in note_parts if p), NOTE_MAX)
    status = "skipped" if text_of(event, "STATUS").upper() == "CANCELLED" else "todo"
    task = _validated(path, uid, {"id": _foreign_id(key), "title": summary, "start": wall, "minutes": minutes,
                                  "kind": "meeting", "status": status, "note": note, "uid": key})
    parsed.items.append(Incoming(local.date(), task=task, key=key, starts_at=None if floating else starts_at))


def _foreign_id(key: str) -> str:
    """A deterministic id for a new imported task (re-imports find it by uid anyway)."""
    return "ics-" + hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


def _own_task(path: Path, event: Any, uid: str, task_id: str, summary: str, wall: time, minutes: int) -> Task:
    """A task from our own ics export, field for field (see core.export.ics)."""
    status = own.read_x_text(event, own.X_STATUS)
    if status not in STATUSES:
        status = "skipped" if text_of(event, "STATUS").upper() == "CANCELLED" else "todo"
    title = summary.removeprefix(own.DONE_PREFIX) if status == "done" else summary
    categories = [str(c) for c in getattr(event, "categories", [])]
    kind = next((c for c in categories if c in KINDS), "meeting")
    platforms = own.read_x_list(event, own.X_PLATFORMS)
    note = text_of(event, "DESCRIPTION")
    trailer = own.platforms_trailer(platforms)
    if trailer and note.endswith(trailer):
        note = note[: -len(trailer)].removesuffix("\n\n")
    fields: dict[str, Any] = {
        "id": task_id, "title": title, "start": wall, "minutes": minutes, "kind": kind,
        "platforms": platforms, "status": status, "note": note,
        "done_at": (own.read_x_text(event, own.X_DONE_AT) or None) if status == "done" else None,
        "lead": own.read_x_text(event, own.X_LEAD) or None,
        "slot": own.read_x_text(event, own.X_SLOT) or None,
        "uid": own.read_x_text(event, own.X_SOURCE_UID) or None,
    }
    return _validated(path, uid, fields)


def _validated(path: Path, uid: str, fields: dict[str, Any]) -> Task:
    """A Task, or a one-line DataError naming the event and the field."""
    from pydantic import ValidationError

    try:
        return Task.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "task"
        message = first["msg"].removeprefix("Value error, ")
        raise DataError([Problem(path, f"event {uid}: {where}: {message}")]) from None
