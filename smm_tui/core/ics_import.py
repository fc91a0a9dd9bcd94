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
- Reading and converting the events is `core.ics_events`; this module
  merges them into the days and writes.
- Nothing is half-imported: the whole file is parsed, expanded and converted
  and every affected day is loaded and merged in memory first; a broken file
  or a broken day file stops the import before anything is written. Then each
  day is written with `store.update_day` (re-read under the lock, merge again,
  atomic write). Only a failure of the disk itself between two days can leave
  the import partly done, and running it again completes it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui.core.errors import DataError, Problem, UsageError
from smm_tui.core.ics_calendar import read_file
from smm_tui.core.ics_events import Incoming, Parsed, read_events
from smm_tui.core.models import NOTE_MAX, Day, Task
from smm_tui.core.tomlfile import MAX_TABLES

if TYPE_CHECKING:
    from smm_tui.core.clock import Clock
    from smm_tui.core.store import Store

DEFAULT_DAYS = 14
MAX_DAYS = 366


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
