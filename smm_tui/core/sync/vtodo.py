"""A task as a VTODO and back, so that a phone's tasks app can tick it.

VTODO, not VEVENT: tasks apps (Apple Reminders, Tasks.org via DAVx5,
Thunderbird, Nextcloud Tasks) show VTODOs with a checkbox, and ticking one
there sets `STATUS:COMPLETED` and `COMPLETED`, which come back as done with
its time; `STATUS:CANCELLED` comes back as skipped.

- UID: the ics export's `<date>-<task id>@smm-tui.invalid`, or the UID a
  task came with (created elsewhere, imported).
- DTSTART and DUE (start + length; no DUE for a 0-minute task, since DUE must
  be later than DTSTART) as wall times with TZID = the day's zone, and a
  VTIMEZONE for it. A date-only DTSTART/DUE (common for tasks made on a
  phone) is placed at 00:00.
- CATEGORIES: the kind first, then the platforms. An item made elsewhere gets
  its kind from the first category that names one, else NEUTRAL_KIND; its
  other categories become platforms where they are valid platform names.
- VALARM (DISPLAY) at the task's reminder lead, for open tasks.
- X-SMM-ID / X-SMM-SLOT / X-SMM-LEAD carry what a VTODO has no place for, so
  the task comes back as itself on another computer.
- LAST-MODIFIED: when the version was made; it decides which version of a
  conflict is newer. X-SMM-PRISTINE marks a version never edited (see there).

`parse` never raises on what a server sends: an item it cannot read as a
task gives None, and the sync leaves it alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import icalendar
from icalendar.parser import unescape_backslash
from icalendar.prop import vCategory, vDDDTypes, vText

from smm_tui.core.export.ics import PRODID, X_ID, X_LEAD, X_SLOT, clean_text, uid_for
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import NOTE_MAX, TITLE_MAX, Task
from smm_tui.core.sync.item import Item
from smm_tui.core.wallclock import check_date, zone

NEUTRAL_KIND = "checkin"
"""Kind of an item made elsewhere without a kind in CATEGORIES: the task default, as `add` uses."""
UNTITLED = "(untitled)"
X_PRISTINE = "X-SMM-PRISTINE"
"""On an item pushed while never edited (a routine occurrence as the routine made it): its digest.
While the item still has that digest, it counts as never edited, so it gives way without a conflict."""

AlarmLead = Callable[[Task], int | None]
"""The reminder lead of a task in minutes, or None for no alarm (the configured rule)."""


@lru_cache(maxsize=16)
def _timezone(name: str, year: int) -> bytes:
    """A VTIMEZONE for the zone, with the transitions of the year and the next (cached: made per item)."""
    component = icalendar.Timezone.from_tzinfo(
        zone(name), tzid=name, first_date=date(year, 1, 1), last_date=date(year + 2, 1, 1))
    return bytes(component.to_ical())


def _wall(day: date, wall: time, zone_name: str, minutes: int = 0) -> datetime:
    """The wall time (plus minutes) with the zone attached, as a TZID value (UTC for the UTC zone)."""
    naive = datetime.combine(day, wall) + timedelta(minutes=minutes)
    return naive.replace(tzinfo=zone(zone_name))


def to_ical(item: Item, now: datetime, alarm_lead: AlarmLead) -> bytes:
    """The VCALENDAR (one VTIMEZONE, one VTODO) the server keeps for this task."""
    task = item.task
    todo = icalendar.Todo()
    todo["UID"] = vText(item.uid)
    todo["DTSTAMP"] = vDDDTypes(now.astimezone(UTC).replace(microsecond=0))
    changed = item.changed or now
    todo["LAST-MODIFIED"] = vDDDTypes(changed.astimezone(UTC).replace(microsecond=0))
    todo["SUMMARY"] = vText(clean_text(task.title))
    todo["DTSTART"] = vDDDTypes(_wall(item.day, task.start, item.zone))
    if task.minutes:
        todo["DUE"] = vDDDTypes(_wall(item.day, task.start, item.zone, task.minutes))
    if task.status == "done":
        todo["STATUS"] = vText("COMPLETED")
        todo["PERCENT-COMPLETE"] = 100
        if task.done_at is not None:
            todo["COMPLETED"] = vDDDTypes(task.done_at.astimezone(UTC).replace(microsecond=0))
    else:
        todo["STATUS"] = vText("CANCELLED" if task.status == "skipped" else "NEEDS-ACTION")
    todo["CATEGORIES"] = vCategory([task.kind, *task.platforms])
    if task.note:
        todo["DESCRIPTION"] = vText(clean_text(task.note))
    todo[X_ID] = vText(task.id)
    if task.slot is not None:
        todo[X_SLOT] = vText(task.slot)
    if task.lead is not None:
        todo[X_LEAD] = vText(str(task.lead))
    if item.changed is None:
        todo[X_PRISTINE] = vText(item.digest())
    lead = alarm_lead(task) if task.status == "todo" else None
    if lead is not None:
        alarm = icalendar.Alarm()
        alarm["ACTION"] = vText("DISPLAY")
        alarm["DESCRIPTION"] = vText(clean_text(task.title))
        alarm["TRIGGER"] = vDDDTypes(timedelta(minutes=-lead))
        todo.add_component(alarm)
    cal = icalendar.Calendar()
    cal["PRODID"] = vText(PRODID)
    cal["VERSION"] = vText("2.0")
    body = bytes(todo.to_ical())
    head = bytes(cal.to_ical()).replace(b"END:VCALENDAR\r\n", b"")
    zone_part = _timezone(item.zone, item.day.year) if item.zone != "UTC" else b""
    return head + zone_part + body + b"END:VCALENDAR\r\n"


def _instant(value: object, zone_name: str) -> datetime | None:
    """A DTSTART/DUE/COMPLETED value as a wall time in the zone (date-only: 00:00; floating: local)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=zone(zone_name))
        return value.astimezone(zone(zone_name))
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=zone(zone_name))
    return None


def _value(todo: icalendar.Component, name: str) -> object:
    prop = todo.get(name)
    return getattr(prop, "dt", None) if prop is not None else None


def read_x_text(component: icalendar.Component, name: str) -> str:
    """An X- property we wrote, unescaped ("" when absent): parsers hand X- values back raw."""
    value = component.get(name)
    return unescape_backslash(str(value)) if value is not None else ""


def _categories(todo: icalendar.Component) -> list[str]:
    raw = todo.get("CATEGORIES")
    if raw is None:
        return []
    props = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for prop in props:
        out.extend(str(c) for c in getattr(prop, "cats", []))
    return out


def _platforms(names: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for raw in names:
        name = raw.strip().lower()
        if name and len(name) <= 32 and all(ch.isprintable() and not ch.isspace() for ch in name) and name not in out:
            out.append(name)
    return tuple(out)


def _foreign_id(uid: str) -> str:
    """A task id for an item made elsewhere: derived from its UID, so two computers pick the same one."""
    return "c" + hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()[:9]


def parse(data: bytes, zone_name: str) -> tuple[str | None, Item | None]:
    """(UID, task) of a server item; the task is None when it is not a VTODO we can place on a day."""
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError):
        return None, None
    todos = list(cal.walk("VTODO"))
    if not todos:
        uids = [str(c.get("UID")) for c in cal.walk() if c.get("UID") is not None]
        return (uids[0] if uids else None), None
    todo = todos[0]
    uid = str(todo.get("UID") or "") or None
    if uid is None or "\x00" in uid or len(uid) > 1000:
        return None, None
    try:
        return uid, _item(todo, uid, zone_name)
    except (ValueError, TypeError, OverflowError, KeyError):
        return uid, None


def _item(todo: icalendar.Component, uid: str, zone_name: str) -> Item | None:
    start = _instant(_value(todo, "DTSTART"), zone_name)
    due = _instant(_value(todo, "DUE"), zone_name)
    if start is None:
        start, due = due, None
    if start is None:
        return None
    day = check_date(start.date())
    minutes = 0
    if due is not None and due > start:
        minutes = min(int((due.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds() // 60), 24 * 60)
    categories = _categories(todo)
    kinds = [c.strip().lower() for c in categories if c.strip().lower() in KINDS]
    kind = kinds[0] if kinds else NEUTRAL_KIND
    others = [c for c in categories if c.strip().lower() != kind]
    status_text = str(todo.get("STATUS", "")).upper()
    completed = _value(todo, "COMPLETED")
    status = "todo"
    done_at = None
    if status_text == "COMPLETED" or completed is not None:
        status = "done"
        if isinstance(completed, datetime):
            done_at = completed if completed.tzinfo is not None else completed.replace(tzinfo=zone(zone_name))
    elif status_text == "CANCELLED":
        status = "skipped"
    task_id = read_x_text(todo, X_ID)
    slot = read_x_text(todo, X_SLOT) or None
    lead_text = read_x_text(todo, X_LEAD)
    lead = int(lead_text) if lead_text.isascii() and lead_text.isdigit() and len(lead_text) <= 5 else None
    ours = bool(task_id)
    if not ours:
        task_id = _foreign_id(uid)
        lead = _alarm_lead(todo)
    title = str(todo.get("SUMMARY", "")).replace("\x00", "")[:TITLE_MAX]
    if not title.strip():
        title = UNTITLED
    note = str(todo.get("DESCRIPTION", "")).replace("\x00", "")[:NOTE_MAX]
    fields: dict[str, object] = {
        "id": task_id, "title": title, "start": time(start.hour, start.minute), "minutes": minutes,
        "kind": kind, "platforms": _platforms(others), "status": status, "done_at": done_at, "note": note,
        "lead": lead, "slot": slot, "uid": None if uid == uid_for(day, task_id) else uid,
    }
    try:
        task = Task.model_validate(fields)
    except ValueError:
        # Something we wrote was changed into what a task cannot hold (an id, slot or platform):
        # keep what matters to the user and let the rest go.
        fields.update(id=_foreign_id(uid), uid=uid, slot=None, platforms=(), lead=None)
        task = Task.model_validate(fields)
    changed_value = _value(todo, "LAST-MODIFIED") or _value(todo, "DTSTAMP")
    changed = changed_value if isinstance(changed_value, datetime) and changed_value.tzinfo is not None else None
    item = Item(day, zone_name, task, changed)
    if read_x_text(todo, X_PRISTINE) == item.digest():
        return Item(day, zone_name, task, None)
    return item


def _alarm_lead(todo: icalendar.Component) -> int | None:
    """The lead of an item's first relative alarm before its start, in minutes (None: none such)."""
    for alarm in todo.walk("VALARM"):
        trigger = _value(alarm, "TRIGGER")
        if isinstance(trigger, timedelta) and trigger <= timedelta(0):
            minutes = int(-trigger.total_seconds() // 60)
            if minutes <= 7 * 24 * 60:
                return minutes
    return None
