"""ics: the day (or days) as an iCalendar file, written with the `icalendar` library.

One VEVENT per task:
- DTSTART with TZID = the day's zone, and a VTIMEZONE for that zone generated
  from zoneinfo (only for the years the file covers, so it stays small); DTEND
  likewise, except a wall time that would not read back as the same instant
  (the second 02:30 of a fall-back night) is written in UTC. A 0-minute task
  has no DTEND (RFC 5545: it then ends when it starts).
- UID `<date>-<task id>@smm-tui.invalid`: the same task exported twice has the
  same UID, so a calendar program updates it instead of adding a copy.
- SUMMARY = title, CATEGORIES = kind (+ "done" / "skipped"), DESCRIPTION =
  note and the platforms, DTSTAMP = the export moment from the injected clock.
- VALARM (DISPLAY) at the task's reminder lead - its own `lead`, else config
  `kind_leads`, else `lead_minutes`; a lead of 0 means "at the start" when
  `at_start` is on. Only open tasks get an alarm: nobody needs reminding of
  a slot that is done or skipped.

Done and skipped, visible in calendar programs and read back by `smm-tui import`:
- done: SUMMARY prefixed with "✓ " (the one thing every program shows),
  category "done", X-SMM-STATUS:done and X-SMM-DONE-AT;
- skipped: STATUS:CANCELLED (shown struck through or "cancelled" by the
  common programs), category "skipped", X-SMM-STATUS:skipped;
- open: STATUS:CONFIRMED.
X-SMM-ID / X-SMM-SLOT / X-SMM-LEAD / X-SMM-PLATFORMS / X-SMM-SOURCE-UID carry
the rest of the task, so importing our own file gives back the same tasks.
The calendar's X-WR-CALDESC holds each day's counts at the export moment
(`Counts.summary`, the line `today` prints).
They are escaped as TEXT (PLATFORMS as a comma list); parsers hand X- values
back raw, so the importer unescapes them (`read_x_text`, `read_x_list`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import MAXYEAR, UTC, date, datetime, timedelta

import icalendar
from icalendar.prop import vCategory, vDDDTypes, vText

from smm_tui import __version__
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.kinds import platform_label
from smm_tui.core.timeline import Entry, Timeline

PRODID = f"-//smm-tui//smm-tui {__version__}//EN"
UID_DOMAIN = "smm-tui.invalid"
DONE_PREFIX = "✓ "

X_ID = "X-SMM-ID"
X_STATUS = "X-SMM-STATUS"
X_DONE_AT = "X-SMM-DONE-AT"
X_LEAD = "X-SMM-LEAD"
X_SLOT = "X-SMM-SLOT"
X_PLATFORMS = "X-SMM-PLATFORMS"
X_SOURCE_UID = "X-SMM-SOURCE-UID"

# RFC 5545 TEXT allows no control characters but tab and (escaped) newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """TEXT a strict parser accepts: other control characters become visible escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def read_x_text(event: icalendar.Event, name: str) -> str:
    """An X- property we wrote, unescaped ("" when absent)."""
    from icalendar.parser import unescape_backslash

    value = event.get(name)
    return unescape_backslash(str(value)) if value is not None else ""


def read_x_list(event: icalendar.Event, name: str) -> list[str]:
    """An X- comma list we wrote, split and unescaped ([] when absent)."""
    from icalendar.parser import split_on_unescaped_comma

    value = event.get(name)
    return [v for v in split_on_unescaped_comma(str(value)) if v] if value is not None else []


def uid_for(day: date, task_id: str) -> str:
    """The UID of a task's event: stable across exports of the same day."""
    return f"{day.isoformat()}-{task_id}@{UID_DOMAIN}"


def platforms_trailer(platforms: Iterable[str]) -> str:
    labels = [platform_label(p) for p in platforms]
    return f"Platforms: {', '.join(labels)}" if labels else ""


def description(note: str, platforms: Sequence[str]) -> str:
    """The note, then a "Platforms: ..." line; import strips exactly this trailer again."""
    trailer = platforms_trailer(platforms)
    if note and trailer:
        return f"{note}\n\n{trailer}"
    return note or trailer


def _local(instant: datetime, zone_name: str) -> datetime:
    """`instant` as a wall time in the zone, or in UTC when that wall time would mean another instant."""
    from smm_tui.core.wallclock import resolve, zone

    local = instant.astimezone(zone(zone_name))
    if zone_name == "UTC":
        return instant.astimezone(UTC)
    if resolve(local.date(), local.time().replace(tzinfo=None, fold=0), zone_name) != instant:
        return instant.astimezone(UTC)
    return local.replace(fold=0)


def event(entry: Entry, timeline: Timeline, options: ExportOptions) -> icalendar.Event:
    """The VEVENT of one slot.

    Properties are set as typed values (vText, vDDDTypes, ...) rather than with
    `Component.add`, which infers the type of every value on every call: the
    same output, about twice as fast to build (benchmarks/export.py: a year).
    """
    ev = icalendar.Event()
    ev["UID"] = vText(uid_for(timeline.date, entry.id))
    ev["DTSTAMP"] = vDDDTypes(options.now.astimezone(UTC))
    ev["DTSTART"] = vDDDTypes(_local(entry.starts_at, timeline.zone))
    if entry.minutes:
        ev["DTEND"] = vDDDTypes(_local(entry.ends_at, timeline.zone))
    title = clean_text(entry.title)
    ev["SUMMARY"] = vText(DONE_PREFIX + title if entry.status == "done" else title)
    categories = [entry.kind]
    if entry.status != "todo":
        categories.append(entry.status)
    ev["CATEGORIES"] = vCategory(categories)
    text = clean_text(description(entry.note, entry.platforms))
    if text:
        ev["DESCRIPTION"] = vText(text)
    ev["STATUS"] = vText("CANCELLED" if entry.status == "skipped" else "CONFIRMED")
    ev[X_ID] = vText(entry.id)
    ev[X_STATUS] = vText(entry.status)
    if entry.done_at is not None:
        ev[X_DONE_AT] = vText(entry.done_at.isoformat())
    if entry.lead is not None:
        ev[X_LEAD] = vText(str(entry.lead))
    if entry.slot is not None:
        ev[X_SLOT] = vText(entry.slot)
    if entry.platforms:
        ev[X_PLATFORMS] = vCategory(list(entry.platforms))
    if entry.uid is not None:
        ev[X_SOURCE_UID] = vText(clean_text(entry.uid))
    alarm = _alarm(entry, title, options)
    if alarm is not None:
        ev.add_component(alarm)
    return ev


def _alarm(entry: Entry, title: str, options: ExportOptions) -> icalendar.Alarm | None:
    if entry.status != "todo":
        return None
    lead = options.lead_for(entry)
    if lead == 0 and not options.at_start:
        return None
    alarm = icalendar.Alarm()
    alarm["ACTION"] = vText("DISPLAY")
    alarm["DESCRIPTION"] = vText(title)
    alarm["TRIGGER"] = vDDDTypes(timedelta(minutes=-lead))
    return alarm


def calendar(timelines: Sequence[Timeline], options: ExportOptions) -> icalendar.Calendar:
    """The VCALENDAR of the days, with a VTIMEZONE for every zone used."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if timelines:
        first, last = timelines[0].date, timelines[-1].date
        name = f"smm-tui {first.isoformat()}" + (f" to {last.isoformat()}" if last != first else "")
        cal.add("x-wr-calname", name)
        # The day's counts in the words every view uses (Counts.summary), one line per day.
        cal["X-WR-CALDESC"] = vText("\n".join(f"{t.date.isoformat()}: {t.counts(options.now).summary()}"
                                              for t in timelines))
        # One VTIMEZONE per zone the days use, generated from zoneinfo with the transitions of
        # the years the events span (plus the next, for slots past midnight). Built directly:
        # we know the zones, and Calendar.add_missing_timezones would scan every event for
        # them (a quarter of the time of a year's export).
        from smm_tui.core.wallclock import zone

        for name in sorted({t.zone for t in timelines} - {"UTC"}):
            cal.add_component(icalendar.Timezone.from_tzinfo(
                zone(name), tzid=name, first_date=date(first.year, 1, 1), last_date=date(min(last.year + 2, MAXYEAR), 1, 1)))
    for timeline in timelines:
        for entry in timeline.entries:
            cal.add_component(event(entry, timeline, options))
    return cal


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    return bytes(calendar([timeline], options).to_ical())


def render_range(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    return bytes(calendar(timelines, options).to_ical())
