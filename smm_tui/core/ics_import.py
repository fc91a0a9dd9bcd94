"""`smm-tui import FILE.ics`: calendar events into the days they fall on.

- Timed VEVENTs become `meeting` tasks on the local date they start on, at
  their start converted from the event's zone (TZID with VTIMEZONE, IANA or
  Windows zone names, UTC) to the local zone (`clock.zone_name()`); a
  floating time (no zone, or a TZID nobody defines - warned once per zone)
  is a wall time and placed as written; minutes are the real duration (UTC instants), capped
  at one day. SUMMARY is the title; DESCRIPTION and LOCATION become the note;
  STATUS:CANCELLED makes the task skipped.
- All-day events become a line "All day: <summary>" in the note of every day
  they cover.
- Recurring events (RRULE, RDATE, EXDATE, overridden instances with
  RECURRENCE-ID) are expanded for the range with `recurring-ical-events`
  (default: today and the 13 days after it); events outside it are not
  imported.
- Re-import matches by source: each imported task keeps the event's UID (plus
  `#<RECURRENCE-ID in UTC>` for an occurrence of a recurring event) in
  `Task.uid`. A match is updated in place (title, time, length, note; a
  cancelled event makes it skipped) and keeps its id, kind, platforms and
  status; an occurrence that moved to another day in the range moves with
  its task. So importing the same file twice changes nothing. Events that
  vanished from the file are left alone (we never delete on import).
- Our own ics export (events with X-SMM-ID) comes back as the very tasks it
  was made from: same id, title, time, kind, platforms, status, done_at,
  note, lead and slot, matched by task id.
- An event that cannot be read (a broken DTSTART or RRULE, none at all, a
  recurrence that would take too long to expand) is skipped with one line
  naming its UID and summary; the rest imports. Broken properties the import
  does not use (CREATED, DTSTAMP, ...) are dropped and never fail it.
- Nothing is half-imported: the whole file is parsed, expanded and converted
  and every affected day is loaded and merged in memory first; a broken file
  or a broken day file stops the import before anything is written. Then each
  day is written with `store.update_day` (re-read under the lock, merge again,
  atomic write). Only a failure of the disk itself between two days can leave
  the import partly done, and running it again completes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui.core.errors import DataError, Problem, UsageError
from smm_tui.core.export import ics as own
from smm_tui.core.ics_calendar import (
    describe,
    expanded,
    one_line,
    parse_calendar,
    read_file,
    text_of,
    usable_events,
)
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import NOTE_MAX, STATUSES, TITLE_MAX, UID_MAX, Day, Task
from smm_tui.core.tomlfile import MAX_TABLES

if TYPE_CHECKING:
    from smm_tui.core.clock import Clock
    from smm_tui.core.store import Store

DEFAULT_DAYS = 14
MAX_DAYS = 366
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


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: int = 0
    moved: int = 0
    unplaced: int = 0
    days: list[date] = field(default_factory=list)

    def merge(self, other: Summary) -> None:
        for name in ("added", "updated", "unchanged", "notes", "moved", "unplaced"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Plan:
    """The import, fully computed: what each affected day becomes."""

    first: date
    last: date
    parsed: Parsed
    by_day: dict[date, list[Incoming]]
    moved_away: dict[date, set[str]]
    carried: dict[str, Task]
    summary: Summary
    changed_days: list[date]


def default_range(clock: Clock, first: date | None, last: date | None) -> tuple[date, date]:
    """--from defaults to today, --to to 13 days after --from; UsageError for a bad range."""
    from smm_tui.core.clock import today

    first = first or today(clock)
    last = last or first + timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise UsageError(f"the range is reversed: --from {first} is after --to {last}")
    if (last - first).days + 1 > MAX_DAYS:
        raise UsageError(f"the range covers {(last - first).days + 1} days; the limit is {MAX_DAYS}")
    return first, last


# --- reading ------------------------------------------------------------------


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


# --- merging --------------------------------------------------------------------


def _placed(day: Day, item: Incoming) -> Task | None:
    """The incoming task at its wall time in the day's own zone (None when that is another date)."""
    assert item.task is not None
    if item.starts_at is None:
        return item.task
    from smm_tui.core.wallclock import zone

    local = item.starts_at.astimezone(zone(day.zone))
    if local.date() != day.date:
        return None
    wall = time(local.hour, local.minute)
    return item.task if wall == item.task.start else item.task.model_copy(update={"start": wall})


def merge(day: Day, items: Iterable[Incoming], moved_away: Collection[str] = frozenset(),
          carried: dict[str, Task] | None = None) -> tuple[Day, Summary]:
    """`day` with the incoming items applied (pure); the counts of what happened."""
    carried = carried or {}
    summary = Summary()
    tasks = [t for t in day.tasks if t.uid is None or t.uid not in moved_away]
    note_lines = day.note.splitlines()
    for item in items:
        if item.note_line is not None:
            if item.note_line not in note_lines:
                note_lines.append(item.note_line)
                summary.notes += 1
            continue
        incoming = _placed(day, item)
        if incoming is None:
            summary.unplaced += 1
            continue
        if item.key is None:  # our own export: the same task id is the same task
            index = next((i for i, t in enumerate(tasks) if t.id == incoming.id), None)
            if index is None:
                tasks.append(incoming)
                summary.added += 1
            elif tasks[index] == incoming:
                summary.unchanged += 1
            else:
                tasks[index] = incoming
                summary.updated += 1
            continue
        index = next((i for i, t in enumerate(tasks) if t.uid == item.key), None)
        if index is not None:
            updated = _updated(tasks[index], incoming)
            if updated == tasks[index]:
                summary.unchanged += 1
            else:
                tasks[index] = updated
                summary.updated += 1
            continue
        base = carried.get(item.key)
        new = _updated(base, incoming) if base is not None else incoming
        taken = {t.id for t in tasks}
        if new.id in taken:
            new = new.model_copy(update={"id": _free_id(new.id, taken)})
        tasks.append(new)
        if base is not None:
            summary.moved += 1
        else:
            summary.added += 1
    note = "\n".join(note_lines)
    if len(note) > NOTE_MAX:
        raise DataError([Problem(None, f"{day.date}: the day's note would exceed {NOTE_MAX} characters "
                                       "with the all-day events added")])
    if tuple(tasks) == day.tasks and note == day.note:
        return day, summary
    return Day.model_validate({**day.model_dump(), "note": note, "tasks": [t.model_dump() for t in tasks]}), summary


def _updated(current: Task, incoming: Task) -> Task:
    """An imported task refreshed from its event: what the calendar owns changes, the rest stays."""
    changes: dict[str, Any] = {"title": incoming.title, "start": incoming.start, "minutes": incoming.minutes,
                               "note": incoming.note}
    if incoming.status == "skipped" and current.status != "skipped":
        changes.update(status="skipped", done_at=None)
    if all(getattr(current, k) == v for k, v in changes.items()):
        return current
    return current.edited(**changes)


def _free_id(wanted: str, taken: set[str]) -> str:
    for n in range(2, 1000):
        candidate = f"{wanted[:34]}-{n}"
        if candidate not in taken:
            return candidate
    raise DataError([Problem(None, f"no free task id near {wanted!r}")])


# --- planning and applying ----------------------------------------------------------


def plan(store: Store, parsed: Parsed, first: date, last: date) -> Plan:
    """Merge everything in memory against the days as they are now; nothing is written."""
    by_day: dict[date, list[Incoming]] = {}
    seen_keys: set[str] = set()
    seen_on_day: set[tuple[date, str]] = set()
    for item in parsed.items:
        # One occurrence is one task, even if a file lists it twice; the first one wins.
        if item.key is not None:
            if item.key in seen_keys:
                continue
            seen_keys.add(item.key)
        else:
            ident = f"id:{item.task.id}" if item.task is not None else f"note:{item.note_line}"
            if (item.day, ident) in seen_on_day:
                continue
            seen_on_day.add((item.day, ident))
        by_day.setdefault(item.day, []).append(item)

    # Imported tasks already in the range, by source: an occurrence that now falls on another
    # day is moved there (keeping its id and status) instead of being added twice.
    incoming_day = {item.key: day for day, items in by_day.items() for item in items if item.key is not None}
    moved_away: dict[date, set[str]] = {}
    carried: dict[str, Task] = {}
    for path in store.day_files():
        try:
            day = date.fromisoformat(path.stem)
        except ValueError:
            continue
        if not first <= day <= last:
            continue
        for task in store.load_day(day).tasks:
            if task.uid is None:  # not imported
                continue
            target = incoming_day.get(task.uid)
            if target is not None and target != day:
                moved_away.setdefault(day, set()).add(task.uid)
                carried[task.uid] = task

    summary = Summary()
    changed: list[date] = []
    for day in sorted(set(by_day) | set(moved_away)):
        current = store.load_day(day)
        merged, counts = merge(current, by_day.get(day, []), moved_away.get(day, set()), carried)
        if len(merged.tasks) >= MAX_TABLES:  # one table per task: the store would refuse the file
            raise DataError([Problem(None, f"{day}: the import would give the day {len(merged.tasks)} tasks; "
                                           f"a day file holds fewer than {MAX_TABLES} (narrow the range or the file)")])
        summary.merge(counts)
        if merged != current:
            changed.append(day)
    summary.days = changed
    return Plan(first, last, parsed, by_day, moved_away, carried, summary, changed)


def apply(store: Store, planned: Plan) -> Summary:
    """Write every changed day through the store (each a locked read-merge-write)."""
    for day in planned.changed_days:
        store.update_day(day, partial(_merged, items=planned.by_day.get(day, []),
                                      away=planned.moved_away.get(day, set()), carried=planned.carried))
    return planned.summary


def _merged(current: Day, *, items: list[Incoming], away: set[str], carried: dict[str, Task]) -> Day:
    return merge(current, items, away, carried)[0]


def import_file(store: Store, path: Path, first: date, last: date, *, dry_run: bool = False) -> Plan:
    """Read, convert, plan and (unless dry_run) write; returns the plan with its summary."""
    data = read_file(path)
    parsed = read_events(path, data, store.clock.zone_name(), first, last)
    planned = plan(store, parsed, first, last)
    if not dry_run:
        apply(store, planned)
    return planned
