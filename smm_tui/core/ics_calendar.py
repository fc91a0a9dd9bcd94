"""Reading an .ics file safely, before anything is converted: which events can be imported.

- Only a regular file is read (core.regular), at most MAX_BYTES.
- A broken property the import does not use (CREATED:00001231T000000Z in a
  real Google Calendar export, DTSTAMP, LAST-MODIFIED, ...) is dropped; an
  event whose DTSTART, RRULE, ... is broken, or that has no DTSTART, is
  skipped with one line naming its UID and summary, and the rest imports.
- An empty VTIMEZONE (which icalendar refuses the whole file for) is dropped.
- Recurrence is bounded before it is expanded: dateutil walks, and caches,
  every step from DTSTART even to reach a range years later, so a 200-byte
  FREQ=SECONDLY event from 1970 took minutes and gigabytes. `rule_steps`
  estimates the steps arithmetically and a rule over MAX_RULE_STEPS is
  skipped; `expanded` then expands series by series, lazily, so the caller
  can stop at its occurrence limit + 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from smm_tui.core.errors import DataError, Problem
from smm_tui.core.regular import read_regular
from smm_tui.core.text import shown

MAX_BYTES = 20 * 1024 * 1024


def read_file(path: Path) -> bytes:
    try:
        data = read_regular(path, MAX_BYTES + 1)
    except OSError as exc:
        raise DataError([Problem(path, f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > MAX_BYTES:
        raise DataError([Problem(path, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB, the limit")])
    return data


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


_EMPTY_VTIMEZONE = re.compile(
    rb"^BEGIN:VTIMEZONE\r?\n(?:(?!BEGIN:|END:VTIMEZONE)[^\r\n]*+\r?\n)*+END:VTIMEZONE[ \t]*+(?:\r?\n|$)",
    re.MULTILINE | re.ASCII)
"""A VTIMEZONE without STANDARD/DAYLIGHT parts: icalendar refuses the whole file for it
("at least one component is needed"); dropped, its TZID is then an unknown zone."""


def parse_calendar(path: Path, data: bytes) -> Any:
    """The VCALENDAR, or a DataError naming the first thing wrong with the file as a whole.

    Broken events are not a reason to refuse the file: `usable_events` sorts them out.
    """
    import icalendar

    data = _EMPTY_VTIMEZONE.sub(b"", data)
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # noqa: BLE001 - icalendar raises ValueError, KeyError, IndexError, ...
        raise DataError([Problem(path, f"not a valid iCalendar file: {one_line(exc)}")]) from None
    if getattr(cal, "name", None) != "VCALENDAR":
        raise DataError([Problem(path, "not an iCalendar file (no VCALENDAR)")])
    return cal


USED_PROPERTIES = frozenset({
    "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "UID", "SUMMARY",
    "DESCRIPTION", "LOCATION", "STATUS", "CATEGORIES",
})
"""What the import reads from an event; a broken property elsewhere (CREATED, DTSTAMP,
LAST-MODIFIED, ...) is dropped and never fails the import."""

FREQ_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 7 * 86400,
                "MONTHLY": 28 * 86400, "YEARLY": 365 * 86400}
_EXPANDING = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH",
              "BYSETPOS")
MAX_RULE_STEPS = 200_000
"""Most steps one recurrence rule may take from its DTSTART to the end of the range. The
expanding library (dateutil) walks every step from DTSTART even to reach a range far
away, and keeps them all: FREQ=SECONDLY from 1970 is 1.8 billion steps (minutes and GBs).
200,000 steps - a daily event since the year 1480, an hourly one since 2004 - take about
a second at most; a rule beyond it is skipped (named) before anything is expanded."""
MAX_FILE_STEPS = 1_000_000
"""The same bound for all rules of a file together."""


def describe(event: Any) -> str:
    uid = text_of(event, "UID").replace("\x00", "") or "(no UID)"
    summary = " ".join(text_of(event, "SUMMARY").split())
    return f"event {shown(uid[:120])} ({shown(summary[:80]) if summary else 'no title'})"


def _naive_utc(value: Any) -> datetime | None:
    """A DTSTART/UNTIL value as a naive datetime for estimates (None when it is neither)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return None


def rule_steps(event: Any, until: datetime) -> int:
    """How many steps expanding the event's RRULEs up to `until` (naive) takes, estimated high.

    Steps from DTSTART to the earlier of UNTIL and `until`, over FREQ x INTERVAL, times the
    sizes of the BYxxx lists (each can multiply the candidates per step); COUNT bounds a rule
    without BYxxx parts. Arithmetic only: nothing is expanded to find out.
    """
    start = _naive_utc(event.get("DTSTART").dt)
    if start is None:
        return 0
    rules = event.get("RRULE")
    total = 0
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        end = until
        if rule.get("UNTIL"):
            rule_until = _naive_utc(rule["UNTIL"][0])
            if rule_until is not None:
                end = min(end, rule_until)
        span = max(0.0, (end - start).total_seconds())
        steps = int(span // (FREQ_SECONDS.get(freq, 1) * interval)) + 1
        expansion = 1
        for part in _EXPANDING:
            expansion *= max(1, len(rule.get(part) or []))
        if rule.get("COUNT") and expansion == 1:
            steps = min(steps, int(rule["COUNT"][0]))
        total += steps * expansion
    return total


def usable_events(path: Path, cal: Any, last: date, skipped: list[str], unknown_zones: set[str]) -> None:
    """Remove from `cal` every event that cannot be imported, with one line each in `skipped`.

    An event is skipped when a property the import uses is broken, DTSTART is missing, or
    its recurrence would take more than MAX_RULE_STEPS to expand; broken properties it
    does not use are dropped. Zones named by TZID that neither the file nor the system
    defines are collected once each in `unknown_zones` (the events read as local time).
    """
    until = datetime.combine(last + timedelta(days=3), time())
    file_steps = 0
    keep = []
    for component in cal.subcomponents:
        if component.name != "VEVENT":
            keep.append(component)
            continue
        reason = None
        broken = [prop for prop, _message in getattr(component, "errors", [])]
        used = [prop for prop in broken if prop in USED_PROPERTIES]
        if used:
            message = next(m for p, m in component.errors if p == used[0])
            reason = f"{used[0]}: {one_line(Exception(message))}"
        elif component.get("DTSTART") is None or not hasattr(component.get("DTSTART"), "dt"):
            reason = "no DTSTART (start time)"
        else:
            for prop in broken:
                component.pop(prop, None)
            try:
                steps = rule_steps(component, until)
            except (TypeError, ValueError, OverflowError, AttributeError, IndexError) as exc:
                reason = f"RRULE: {one_line(exc)}"
            else:
                if steps > MAX_RULE_STEPS:
                    reason = (f"its recurrence takes over {MAX_RULE_STEPS:,} steps to reach the range "
                              f"(about {steps:,}); not expanded")
                else:
                    file_steps += steps
        if reason is not None:
            skipped.append(f"{path}: skipped {describe(component)}: {reason}")
            continue
        start = component["DTSTART"]
        if "TZID" in start.params and isinstance(start.dt, datetime) and start.dt.tzinfo is None:
            unknown_zones.add(str(start.params["TZID"]))
        keep.append(component)
    if file_steps > MAX_FILE_STEPS:
        raise DataError([Problem(path, f"the recurring events take over {MAX_FILE_STEPS:,} steps to expand "
                                       "together; import a smaller file")])
    cal.subcomponents[:] = keep


def expanded(path: Path, cal: Any, first: date, last: date, skipped: list[str]) -> Iterator[Any]:
    """Every occurrence near [first, last], lazily, series by series; a series that fails is skipped.

    A day of margin each side: the library compares in each event's own zone.
    """
    import recurring_ical_events

    start = datetime.combine(first - timedelta(days=1), time())
    stop = datetime.combine(last + timedelta(days=2), time())
    try:
        all_series = recurring_ical_events.of(cal).series
    except Exception:  # noqa: BLE001 - find the event(s) it failed on: one query per event
        all_series = []
        for event in cal.walk("VEVENT"):
            alone = _calendar_of(cal, event)
            try:
                all_series.extend(recurring_ical_events.of(alone).series)
            except Exception as exc:  # noqa: BLE001
                skipped.append(f"{path}: skipped {describe(event)}: {one_line(exc)}")
    for series in all_series:
        try:
            for occurrence in series.between(start, stop):
                yield occurrence.as_component(False)
        except Exception as exc:  # noqa: BLE001 - recurrence expansion fails in many ways on bad input
            source = getattr(getattr(getattr(series, "recurrence", None), "core", None), "component", None)
            what = describe(source) if source is not None else f"event {shown(str(series.uid))}"
            skipped.append(f"{path}: skipped {what}: {one_line(exc)}")


def _calendar_of(cal: Any, event: Any) -> Any:
    import icalendar

    alone = icalendar.Calendar()
    for component in cal.subcomponents:
        if component.name == "VTIMEZONE":
            alone.add_component(component)
    alone.add_component(event)
    return alone


def text_of(event: Any, name: str) -> str:
    value = event.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
