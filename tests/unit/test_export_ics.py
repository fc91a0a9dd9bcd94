"""The ics export, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.export import ExportOptions, export_day, export_range, ics
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.timeline import build

DAY = date(2026, 11, 26)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def worked(store: Store, clock: FrozenClock) -> Store:
    def change(d: Day) -> Day:
        d = d.toggle("wake-0530", clock.now()).set_status("news-0600", "skipped", clock.now())
        return d.replace_task(d.task("blog-0830").edited(note="Link the video, tag @brand", lead=3))

    store.update_day(DAY, change)
    return store


def parse(data: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(data)
    assert [c for c in cal.walk() if getattr(c, "errors", None)] == []
    return cal


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(ev["X-SMM-ID"]): ev for ev in cal.walk("VEVENT")}


def test_structure_common_calendar_programs_need(worked: Store) -> None:
    data = export_day(worked, DAY, "ics")
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert all(len(line) <= 75 for line in lines), "content lines are folded at 75 octets"
    cal = parse(data)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]).startswith("-//smm-tui//")
    vevents = cal.walk("VEVENT")
    assert len(vevents) == 20
    for ev in vevents:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in ev, required
        assert ev["DTSTAMP"].dt == datetime(2026, 11, 26, 8, 10, tzinfo=UTC)  # the injected clock
    assert len({str(ev["UID"]) for ev in vevents}) == 20


def test_zone_and_instants_follow_the_timeline(worked: Store) -> None:
    cal = parse(export_day(worked, DAY, "ics"))
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    assert cal.get_missing_tzids() == set()
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    timeline = build(worked.load_day(DAY))
    found = events(cal)
    for entry in timeline.entries:
        ev = found[entry.id]
        assert ev["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert ev["DTSTART"].dt.astimezone(UTC) == entry.starts_at
        assert ev["DTEND"].dt.astimezone(UTC) == entry.ends_at
        assert next(str(c) for c in ev.categories) == entry.kind


def test_uids_are_stable_across_exports(worked: Store, clock: FrozenClock) -> None:
    first = {k: str(v["UID"]) for k, v in events(parse(export_day(worked, DAY, "ics"))).items()}
    clock.advance(timedelta(hours=3))
    worked.update_day(DAY, lambda d: d.toggle("lunch-1200", clock.now()))
    second_cal = parse(export_day(worked, DAY, "ics"))
    second = {k: str(v["UID"]) for k, v in events(second_cal).items()}
    assert first == second
    assert first["wake-0530"] == "2026-11-26-wake-0530@smm-tui.invalid"
    assert events(second_cal)["lunch-1200"]["DTSTAMP"].dt == datetime(2026, 11, 26, 11, 10, tzinfo=UTC)


def test_done_and_skipped_are_visible_and_marked(worked: Store) -> None:
    found = events(parse(export_day(worked, DAY, "ics")))
    done, skipped, open_ = found["wake-0530"], found["news-0600"], found["blog-0830"]
    assert str(done["SUMMARY"]) == "✓ Wake up: email and overnight mentions on the phone"
    assert [str(c) for c in done.categories] == ["checkin", "done"]
    assert str(done["STATUS"]) == "CONFIRMED" and str(done["X-SMM-STATUS"]) == "done"
    assert str(done["X-SMM-DONE-AT"]) == "2026-11-26T09:10:00+01:00"
    assert str(skipped["STATUS"]) == "CANCELLED" and [str(c) for c in skipped.categories] == ["research", "skipped"]
    assert str(open_["STATUS"]) == "CONFIRMED" and [str(c) for c in open_.categories] == ["publish"]
    assert str(open_["DESCRIPTION"]) == "Link the video, tag @brand\n\nPlatforms: Blog"
    assert str(found["news-0600"]["DESCRIPTION"]) == "Platforms: News, YouTube"
    assert "DESCRIPTION" not in found["analytics-1900"]


def test_alarms_match_the_reminder_leads(worked: Store) -> None:
    from smm_tui.config import Settings

    settings = Settings.model_validate({"lead_minutes": 7, "reminders": {"kind_leads": {"meeting": 15}}})
    found = events(parse(export_day(worked, DAY, "ics", settings=settings)))

    def triggers(ev: icalendar.Event) -> list[timedelta]:
        alarms = ev.walk("VALARM")
        assert all(str(a["ACTION"]) == "DISPLAY" and "DESCRIPTION" in a for a in alarms)
        return [a["TRIGGER"].dt for a in alarms]

    assert triggers(found["blog-0830"]) == [timedelta(minutes=-3)]  # the task's own lead
    assert triggers(found["leads-0930"]) == [timedelta(minutes=-15)]  # kind_leads
    assert triggers(found["lunch-1200"]) == [timedelta(minutes=-7)]  # lead_minutes
    assert triggers(found["wake-0530"]) == [] and triggers(found["news-0600"]) == []  # done / skipped
    assert str(found["blog-0830"]["X-SMM-LEAD"]) == "3" and "X-SMM-LEAD" not in found["lunch-1200"]


def test_lead_zero_alarms_at_the_start_or_not_at_all() -> None:
    day = Day(date=DAY, zone="Europe/Berlin", tasks=(Task(id="a", title="A", start=time(9, 0), lead=0),))
    now = datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)
    at_start = parse(ics.render_day(build(day), ExportOptions(now=now)))
    assert [a["TRIGGER"].dt for a in at_start.walk("VALARM")] == [timedelta(0)]
    silent = parse(ics.render_day(build(day), ExportOptions(now=now, at_start=False)))
    assert silent.walk("VALARM") == []


def test_fall_back_night_end_is_written_in_utc_and_zero_minutes_have_no_end() -> None:
    # 2026-10-25 Europe/Berlin: 03:00 CEST -> 02:00 CET. 01:30 + 120 min ends at the *second* 02:30.
    day = Day(date=date(2026, 10, 25), zone="Europe/Berlin", tasks=(
        Task(id="night", title="Night shift", start=time(1, 30), minutes=120),
        Task(id="ping", title="Ping", start=time(9, 0), minutes=0),
    ))
    timeline = build(day)
    found = events(parse(ics.render_day(timeline, ExportOptions(now=datetime(2026, 10, 1, tzinfo=UTC)))))
    night = found["night"]
    assert night["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert night["DTEND"].dt == timeline.entry("night").ends_at
    assert night["DTEND"].dt.utcoffset() == timedelta(0) and "TZID" not in night["DTEND"].params
    assert night["DTEND"].to_ical() == b"20261025T013000Z"
    assert night["DTEND"].dt - night["DTSTART"].dt.astimezone(UTC) == timedelta(minutes=120)
    assert "DTEND" not in found["ping"] and "DURATION" not in found["ping"]


def test_range_export_has_every_day_and_one_timezone(worked: Store) -> None:
    cal = parse(export_range(worked, date(2026, 11, 23), DAY, "ics"))
    vevents = cal.walk("VEVENT")
    starts = {ev["DTSTART"].dt.date() for ev in vevents}
    assert starts == {date(2026, 11, d) for d in range(23, 27)}
    assert len({str(ev["UID"]) for ev in vevents}) == len(vevents)
    assert len(cal.walk("VTIMEZONE")) == 1
    assert str(cal["X-WR-CALNAME"]) == "smm-tui 2026-11-23 to 2026-11-26"


def test_control_characters_never_reach_the_file() -> None:
    day = Day(date=DAY, zone="UTC", tasks=(Task(id="x", title="a\x1b[2J\tb\nc", start=time(9, 0),
                                               note="n\x07"),))
    data = ics.render_day(build(day), ExportOptions(now=datetime(2026, 11, 26, tzinfo=UTC)))
    assert b"\x1b" not in data and b"\x07" not in data
    ev = parse(data).walk("VEVENT")[0]
    assert str(ev["SUMMARY"]) == "a\\x1b[2J\tb\nc"
    assert ev["DTSTART"].dt == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
