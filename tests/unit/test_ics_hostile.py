"""`import` against hostile and real-world calendars: recurrence bombs, a Google-Calendar-sized
export with a broken CREATED, events without DTSTART, empty VTIMEZONEs, unknown zones, and
floating recurring events re-imported after a zone change."""

from __future__ import annotations

import time as clock_time
import tracemalloc
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.ics_calendar import MAX_RULE_STEPS
from smm_tui.core.ics_import import import_file
from smm_tui.core.store import Store

FIRST, LAST = date(2026, 11, 26), date(2026, 12, 9)

BOMBS = {
    "secondly without end": ("20261126T000000Z", "FREQ=SECONDLY"),
    "secondly from 1970": ("19700101T000000Z", "FREQ=SECONDLY"),
    "minutely from 1900": ("19000101T000000Z", "FREQ=MINUTELY"),
    "hourly from 1900": ("19000101T000000Z", "FREQ=HOURLY"),
    "daily from 1300": ("13000101T000000Z", "FREQ=DAILY"),
    "yearly expanded by every second": (
        "19000101T000000Z",
        ("FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11;"
         "BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55;BYSECOND=0,10,20,30,40,50")),
    "weekly interval 1 from year 2": ("00020101T000000Z", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"),
    "secondly interval 10 with a far UNTIL": ("19700101T000000Z", "FREQ=SECONDLY;INTERVAL=10;UNTIL=20991231T000000Z"),
}
WORST: dict[str, float] = {"seconds": 0.0, "peak_mb": 0.0}


def bomb(dtstart: str, rule: str) -> bytes:
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:bomb\r\nSUMMARY:Boom\r\n"
            f"DTSTART:{dtstart}\r\nDURATION:PT1M\r\nRRULE:{rule}\r\nEND:VEVENT\r\n"
            f"BEGIN:VEVENT\r\nUID:fine\r\nSUMMARY:Fine\r\nDTSTART:20261127T090000Z\r\nEND:VEVENT\r\n"
            f"END:VCALENDAR\r\n").encode()


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_recurrence_bomb_is_refused_in_well_under_a_second_and_a_few_mb(store: Store, tmp_path: Path,
                                                                          name: str) -> None:
    source = tmp_path / "bomb.ics"
    source.write_bytes(bomb(*BOMBS[name]))
    tracemalloc.start()
    started = clock_time.perf_counter()
    try:
        planned = import_file(store, source, FIRST, LAST, dry_run=True)
    finally:
        seconds = clock_time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    WORST["seconds"] = max(WORST["seconds"], seconds)
    WORST["peak_mb"] = max(WORST["peak_mb"], peak)
    assert seconds < 0.5 and peak < 8, (seconds, peak)
    line, = planned.parsed.skipped
    assert "skipped event 'bomb' ('Boom'): its recurrence takes over" in line and f"{MAX_RULE_STEPS:,}" in line
    assert [i.task.title for i in planned.parsed.items if i.task] == ["Fine"]


def test_a_dense_rule_in_the_range_stops_at_the_occurrence_limit(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "dense.ics"
    source.write_bytes(bomb("20261126T000000Z", "FREQ=MINUTELY;UNTIL=20261205T000000Z"))
    started = clock_time.perf_counter()
    with pytest.raises(Exception, match="more than 10000 events in the range"):
        import_file(store, source, FIRST, LAST, dry_run=True)
    assert clock_time.perf_counter() - started < 10


def google_like_export(events: int) -> bytes:
    """A calendar shaped like a Google Calendar export: many events, recurring ones, a VTIMEZONE,
    and one event far outside any range with CREATED in year 0 (as in a real export)."""
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:work", "X-WR-TIMEZONE:Europe/Berlin",
             "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "X-LIC-LOCATION:Europe/Berlin",
             "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
             "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
             "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
             "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
             "END:VTIMEZONE"]
    start = datetime(2018, 1, 1, 8, 0)
    for n in range(events):
        at = start + timedelta(hours=13 * n)
        lines += ["BEGIN:VEVENT", f"DTSTART;TZID=Europe/Berlin:{at:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID=Europe/Berlin:{at + timedelta(minutes=30):%Y%m%dT%H%M%S}",
                  "DTSTAMP:20261120T101010Z", f"UID:{n:06d}@google.com", "CREATED:20180101T000000Z",
                  "LAST-MODIFIED:20180101T000000Z", "SEQUENCE:0", "STATUS:CONFIRMED", f"SUMMARY:Meeting {n}",
                  "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij",
                  "TRANSP:OPAQUE"]
        if n % 97 == 0:
            lines.append("RRULE:FREQ=WEEKLY;BYDAY=TH")
        lines.append("END:VEVENT")
    lines += ["BEGIN:VEVENT", "DTSTART;VALUE=DATE:19991231", "DTEND;VALUE=DATE:20000101",
              "DTSTAMP:20261120T101010Z", "UID:ancient@google.com", "CREATED:00001231T000000Z",
              "LAST-MODIFIED:00001231T000000Z", "SUMMARY:Millennium", "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_google_calendar_sized_export_with_a_year_zero_created_imports(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "google.ics"
    source.write_bytes(google_like_export(4778))
    assert len(source.read_bytes()) > 1_500_000
    started = clock_time.perf_counter()
    planned = import_file(store, source, FIRST, LAST)
    assert clock_time.perf_counter() - started < 60
    assert planned.parsed.skipped == [] and planned.parsed.events_in_file == 4779
    assert planned.summary.added > 0
    again = import_file(store, source, FIRST, LAST)
    assert again.summary.added == 0 and again.summary.updated == 0 and again.summary.unchanged > 0


def test_missing_dtstart_and_an_empty_vtimezone_do_not_stop_the_rest(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "odd.ics"
    source.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Empty/Zone\r\nEND:VTIMEZONE\r\n"
                       b"BEGIN:VEVENT\r\nUID:nostart\r\nSUMMARY:Where is my start\r\nEND:VEVENT\r\n"
                       b"BEGIN:VEVENT\r\nUID:ok\r\nSUMMARY:Fine\r\nDTSTART:20261127T090000Z\r\nEND:VEVENT\r\n"
                       b"BEGIN:VEVENT\r\nUID:empty-zone\r\nSUMMARY:Zoned\r\n"
                       b"DTSTART;TZID=Empty/Zone:20261128T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    planned = import_file(store, source, FIRST, LAST)
    assert planned.parsed.skipped == [(f"{source}: skipped event 'nostart' ('Where is my start'): "
                                       "no DTSTART (start time)")]
    assert sorted(i.task.title for i in planned.parsed.items if i.task) == ["Fine", "Zoned"]
    assert planned.parsed.unknown_zones == {"Empty/Zone"}


def test_unknown_zones_are_collected_once_each(store: Store, tmp_path: Path) -> None:
    events = "".join(f"BEGIN:VEVENT\r\nUID:e{n}\r\nSUMMARY:s\r\nDTSTART;TZID={zone}:2026112{7 + n % 2}T090000\r\n"
                     f"RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n"
                     for n, zone in enumerate(["Mars/Olympus", "Mars/Olympus", "Venus/Maxwell", "Europe/Berlin"]))
    source = tmp_path / "space.ics"
    source.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n".encode())
    planned = import_file(store, source, FIRST, LAST)
    assert planned.parsed.unknown_zones == {"Mars/Olympus", "Venus/Maxwell"}


def test_floating_recurring_events_reimported_in_another_zone_change_nothing(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "standup.ics"
    source.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:standup\r\nSUMMARY:Standup\r\n"
                       b"DTSTART:20261102T150000\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    berlin = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")), "Europe/Berlin")
    store = Store(data_dir, berlin).open()
    first, last = date(2026, 11, 26), date(2026, 12, 9)
    assert import_file(store, source, first, last).summary.added == 2
    tick = date(2026, 11, 30)
    task, = [t for t in store.load_day(tick).tasks if t.uid]
    store.update_day(tick, lambda d: d.set_status(task.id, "done", berlin.now()))
    new_york = FrozenClock(datetime(2026, 11, 26, 3, 0, tzinfo=ZoneInfo("America/New_York")), "America/New_York")
    again = import_file(Store(data_dir, new_york).open(), source, first, last)
    assert again.summary.added == 0 and again.summary.moved == 0
    standups = [t for t in Store(data_dir, new_york).load_day(tick).tasks if t.uid]
    assert [(t.start, t.status) for t in standups] == [(time(15, 0), "done")]


def test_import_at_both_ends_of_the_date_range(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "ends.ics"
    source.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                       b"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:First\r\nDTSTART:00020101T100000\r\nEND:VEVENT\r\n"
                       b"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Last\r\nDTSTART:99981231T100000\r\nEND:VEVENT\r\n"
                       b"END:VCALENDAR\r\n")
    assert import_file(store, source, date(2, 1, 1), date(2, 1, 3)).summary.added == 1
    assert import_file(store, source, date(9998, 12, 29), date(9998, 12, 31)).summary.added == 1
    assert [t.title for t in store.load_day(date(9998, 12, 31)).tasks if t.uid] == ["Last"]
