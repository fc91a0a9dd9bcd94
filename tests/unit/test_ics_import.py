"""`import`: calendar files into days; re-import, DST, broken files, and our own export read back."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import DataError, UsageError
from smm_tui.core.export import export_day, export_range
from smm_tui.core.ics_import import DEFAULT_DAYS, default_range, import_file
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store

DATA = Path(__file__).parent.parent / "data"
BERLIN = ZoneInfo("Europe/Berlin")
OUTLOOK_UID = "040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5"


def imported(store: Store, first: date, last: date) -> dict[date, list[Task]]:
    out = {}
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        found = [t for t in store.load_day(day).tasks if t.uid is not None]
        if found:
            out[day] = found
    return out


def snapshot_files(store: Store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.days_dir.glob("*.toml"))}


def test_outlook_recurring_event_in_another_zone_across_two_dst_changes(store: Store) -> None:
    first, last = date(2026, 10, 19), date(2026, 11, 10)
    planned = import_file(store, DATA / "outlook-recurring.ics", first, last)
    assert planned.summary.added == 6
    found = imported(store, first, last)
    # 09:00 in "Pacific Standard Time" (a Windows zone name, defined by its VTIMEZONE):
    # 18:00 in Berlin, 17:00 in the week Berlin is already back on CET but the US is not.
    # 26 Oct is an overridden instance (11:00-12:00), 4 Nov is an EXDATE.
    assert {d: [(t.start, t.minutes, t.title) for t in ts] for d, ts in found.items()} == {
        date(2026, 10, 19): [(time(18, 0), 30, "Weekly sync with the US team")],
        date(2026, 10, 21): [(time(18, 0), 30, "Weekly sync with the US team")],
        date(2026, 10, 26): [(time(19, 0), 60, "Weekly sync (quarterly review)")],
        date(2026, 10, 28): [(time(17, 0), 30, "Weekly sync with the US team")],
        date(2026, 11, 2): [(time(18, 0), 30, "Weekly sync with the US team")],
        date(2026, 11, 9): [(time(18, 0), 30, "Weekly sync with the US team")],
    }
    tasks = [t for ts in found.values() for t in ts]
    assert {t.kind for t in tasks} == {"meeting"} and {t.status for t in tasks} == {"todo"}
    assert found[date(2026, 10, 26)][0].uid == f"{OUTLOOK_UID}#20261026T160000Z"  # keyed by RECURRENCE-ID
    assert len({t.uid for t in tasks}) == 6
    assert found[date(2026, 10, 19)][0].note == (
        "Agenda: pipeline, campaign numbers\n\nJoin: see invite\n\nLocation: Teams")
    # The routine's own tasks are still there on those days.
    assert store.load_day(date(2026, 10, 19)).task("wake-0530").title.startswith("Wake up")


def test_importing_the_same_file_twice_changes_nothing(store: Store) -> None:
    first, last = date(2026, 10, 19), date(2026, 11, 10)
    import_file(store, DATA / "outlook-recurring.ics", first, last)
    before = snapshot_files(store)
    again = import_file(store, DATA / "outlook-recurring.ics", first, last)
    assert again.summary.added == 0 and again.summary.unchanged == 6 and again.changed_days == []
    assert snapshot_files(store) == before
    assert not any(store.backups_dir.glob("*.toml.2")), "no day was written a second time"


def test_daily_event_across_the_spring_dst_changes_of_both_zones(store: Store) -> None:
    # 09:00 New York: 15:00 Berlin, 14:00 after the US change (8 Mar), 15:00 again after Berlin's (29 Mar).
    first, last = date(2026, 3, 1), date(2026, 4, 2)
    import_file(store, DATA / "dst-new-york.ics", first, last)
    found = imported(store, first, last)
    starts = {d: ts[0].start for d, ts in found.items()}
    assert min(starts) == date(2026, 3, 2) and max(starts) == date(2026, 3, 31) and len(starts) == 30
    assert starts[date(2026, 3, 7)] == time(15, 0)
    assert all(starts[date(2026, 3, d)] == time(14, 0) for d in range(8, 29))
    assert starts[date(2026, 3, 29)] == time(15, 0) and starts[date(2026, 3, 31)] == time(15, 0)
    assert {ts[0].minutes for ts in found.values()} == {15}


def test_all_day_cancelled_duration_windows_zone_and_floating(store: Store) -> None:
    first, last = date(2026, 11, 26), date(2026, 11, 30)
    planned = import_file(store, DATA / "mixed.ics", first, last)
    assert planned.summary.notes == 2 and planned.summary.added == 3
    assert store.load_day(date(2026, 11, 26)).note == "All day: Team offsite"
    assert store.load_day(date(2026, 11, 27)).note == "All day: Team offsite"
    assert store.load_day(date(2026, 11, 28)).note == ""  # DTEND of an all-day event is exclusive
    found = imported(store, first, last)
    demo, = found[date(2026, 11, 26)]
    assert (demo.title, demo.start, demo.minutes, demo.status) == ("Vendor demo", time(15, 0), 60, "skipped")
    call, lunch = found[date(2026, 11, 27)]
    assert (call.title, call.start, call.minutes, call.note) == ("Early call with New York", time(10, 0), 45,
                                                                 "Location: Room 4")
    assert (lunch.title, lunch.start) == ("Lunch with Sam", time(11, 30))  # floating: local time
    again = import_file(store, DATA / "mixed.ics", first, last)
    assert again.changed_days == [] and again.summary.notes == 0


def test_reimport_updates_in_place_and_keeps_what_the_user_did(store: Store, tmp_path: Path,
                                                               clock: FrozenClock) -> None:
    first, last = date(2026, 11, 26), date(2026, 11, 30)
    source = tmp_path / "cal.ics"
    shutil.copy(DATA / "mixed.ics", source)
    import_file(store, source, first, last)
    call = imported(store, first, last)[date(2026, 11, 27)][0]
    store.update_day(date(2026, 11, 27), lambda d: d.toggle(call.id, clock.now()))
    source.write_bytes(source.read_bytes().replace(b"Early call with New York", b"Early call with NYC")
                       .replace(b"20261127T040000", b"20261127T043000"))
    planned = import_file(store, source, first, last)
    assert planned.summary.updated == 1 and planned.summary.added == 0
    after = store.load_day(date(2026, 11, 27)).task(call.id)
    assert (after.title, after.start, after.status) == ("Early call with NYC", time(10, 30), "done")


def test_an_occurrence_moved_to_another_day_moves_its_task(store: Store, tmp_path: Path, clock: FrozenClock) -> None:
    first, last = date(2026, 10, 19), date(2026, 11, 10)
    source = tmp_path / "cal.ics"
    shutil.copy(DATA / "outlook-recurring.ics", source)
    import_file(store, source, first, last)
    task = imported(store, first, last)[date(2026, 10, 26)][0]
    store.update_day(date(2026, 10, 26), lambda d: d.set_status(task.id, "done", clock.now()))
    # The organiser moves the overridden instance from Monday to Tuesday.
    source.write_bytes(source.read_bytes().replace(b"20261026T110000", b"20261027T110000")
                       .replace(b"20261026T120000", b"20261027T120000"))
    planned = import_file(store, source, first, last)
    assert planned.summary.moved == 1 and planned.summary.added == 0
    found = imported(store, first, last)
    assert date(2026, 10, 26) not in found
    moved, = found[date(2026, 10, 27)]
    assert (moved.id, moved.status, moved.start, moved.uid) == (task.id, "done", time(19, 0), task.uid)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello\r\n", "not a valid iCalendar file: Content line could not be parsed"),
        (b"", "not a valid iCalendar file"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam\r\nEND:VCARD\r\n", "not an iCalendar file (no VCALENDAR)"),
    ],
)
def test_a_broken_file_is_one_error_and_nothing_is_written(store: Store, tmp_path: Path, content: bytes,
                                                           message: str) -> None:
    source = tmp_path / "broken.ics"
    source.write_bytes(content)
    with pytest.raises(DataError) as info:
        import_file(store, source, date(2026, 11, 26), date(2026, 11, 30))
    assert len(info.value.problems) == 1 and "\n" not in str(info.value)
    assert str(info.value).startswith(f"{source}: ") and message in str(info.value)
    assert snapshot_files(store) == {}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (b"BEGIN:VEVENT\r\nUID:bad-1\r\nSUMMARY:Broken start\r\nDTSTART:2026XX\r\nEND:VEVENT\r\n",
         "skipped event 'bad-1' ('Broken start'): DTSTART: Expected"),
        (b"BEGIN:VEVENT\r\nUID:r\r\nDTSTART:20261126T100000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n",
         "skipped event 'r' (no title): RRULE"),
        ((b"BEGIN:VEVENT\r\nUID:x\r\nX-SMM-ID:Not An Id!\r\nDTSTART:20261126T100000Z\r\n"
          b"SUMMARY:t\r\nEND:VEVENT\r\n"), "skipped event 'x' ('t'): event x: id: String should match pattern"),
        (b"BEGIN:VEVENT\r\nUID:nostart\r\nSUMMARY:No start\r\nEND:VEVENT\r\n",
         "skipped event 'nostart' ('No start'): no DTSTART"),
    ],
)
def test_an_unreadable_event_is_skipped_with_one_line_and_the_rest_imports(store: Store, tmp_path: Path, bad: bytes,
                                                                          message: str) -> None:
    source = tmp_path / "mixed.ics"
    source.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20261126T100000Z\r\n"
                       b"SUMMARY:fine\r\nEND:VEVENT\r\n" + bad + b"END:VCALENDAR\r\n")
    planned = import_file(store, source, date(2026, 11, 26), date(2026, 11, 30))
    assert len(planned.parsed.skipped) == 1, planned.parsed.skipped
    line = planned.parsed.skipped[0]
    assert line.startswith(f"{source}: ") and message in line and "\n" not in line
    assert [t.title for t in imported(store, date(2026, 11, 26), date(2026, 11, 30))[date(2026, 11, 26)]] == ["fine"]


def test_a_broken_day_file_in_the_range_stops_the_import_before_any_write(store: Store) -> None:
    broken = store.day_path(date(2026, 10, 28))
    broken.write_text('version = 1\ndate = 2026-10-28\nzone = "Europe/Berlin"\n[[tasks]]\nid = "x"\n')
    with pytest.raises(DataError, match=r"2026-10-28\.toml"):
        import_file(store, DATA / "outlook-recurring.ics", date(2026, 10, 19), date(2026, 11, 10))
    assert sorted(snapshot_files(store)) == ["2026-10-28.toml"]


def test_dry_run_writes_nothing(store: Store) -> None:
    planned = import_file(store, DATA / "outlook-recurring.ics", date(2026, 10, 19), date(2026, 11, 10),
                          dry_run=True)
    assert planned.summary.added == 6 and len(planned.changed_days) == 6
    assert snapshot_files(store) == {}


def test_default_range_is_today_and_the_next_13_days(clock: FrozenClock) -> None:
    today = date(2026, 11, 26)
    assert default_range(clock, None, None) == (today, today + timedelta(days=DEFAULT_DAYS - 1))
    assert default_range(clock, date(2026, 12, 1), None) == (date(2026, 12, 1), date(2026, 12, 14))
    with pytest.raises(UsageError, match="reversed"):
        default_range(clock, date(2026, 12, 1), date(2026, 11, 1))
    with pytest.raises(UsageError, match="limit is 366"):
        default_range(clock, date(2026, 1, 1), date(2027, 1, 2))


def _worked(store: Store, clock: FrozenClock, day: date) -> Day:
    def change(d: Day) -> Day:
        d = d.toggle("wake-0530", clock.now()).set_status("news-0600", "skipped", clock.now())
        d = d.replace_task(d.task("blog-0830").edited(note="Link the video,\ntag @brand; 100%", lead=3))
        return d.with_task(Task(id="a1b2c3", title="✓ Ticked-looking title", start=time(22, 15), minutes=0,
                                kind="break", platforms=("mastodon", "x"), status="done",
                                done_at=datetime(2026, 11, 26, 22, 20, tzinfo=BERLIN),
                                uid="upstream-uid@example.org#20261126T211500Z"))

    return store.update_day(day, change)


def test_our_own_export_reads_back_as_the_same_tasks(store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    day = date(2026, 11, 26)
    original = _worked(store, clock, day)
    source = tmp_path / "day.ics"
    source.write_bytes(export_day(store, day, "ics"))

    fresh = Store(tmp_path / "fresh", clock).open()
    planned = import_file(fresh, source, day, day)
    # Routine ids match (3 of them changed by the user), the hand-added task is new.
    assert (planned.summary.added, planned.summary.updated, planned.summary.unchanged) == (1, 3, 17)
    assert sorted(fresh.load_day(day).tasks, key=lambda t: t.id) == sorted(original.tasks, key=lambda t: t.id)

    # Into the store it came from: nothing to do.
    before = snapshot_files(store)
    assert import_file(store, source, day, day).changed_days == []
    assert snapshot_files(store) == before


def test_a_range_export_reads_back_day_by_day(store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    first, last = date(2026, 11, 24), date(2026, 11, 26)
    _worked(store, clock, last)
    source = tmp_path / "days.ics"
    source.write_bytes(export_range(store, first, last, "ics"))
    fresh = Store(tmp_path / "fresh", clock).open()
    import_file(fresh, source, first, last)
    for offset in range(3):
        day = first + timedelta(days=offset)
        assert set(fresh.load_day(day).tasks) == set(store.load_day(day).tasks), day


def test_round_trip_keeps_text_that_needs_escaping(store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    day = date(2026, 11, 27)
    odd = Task(id="odd", title='Post: "a;b,c" \\ back\nslash — ✓ ü 🎉', start=time(10, 5), minutes=25,
               kind="publish", platforms=("x", "we,ird", "back\\slash"), note="line 1\nline 2; a,b \\n",
               lead=0, uid="weird;uid,with\nnewline\\and:colon#20261127T090500Z")
    original = store.update_day(day, lambda d: d.with_task(odd))
    source = tmp_path / "odd.ics"
    source.write_bytes(export_day(store, day, "ics"))
    fresh = Store(tmp_path / "fresh", clock).open()
    import_file(fresh, source, day, day)
    assert fresh.load_day(day).task("odd") == original.task("odd")
