"""Task <-> VTODO: our items come back as the same version; phone-made items get a kind and a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.kinds import KINDS
from smm_tui.core.models import Task
from smm_tui.core.sync import status as status_file
from smm_tui.core.sync import vtodo
from smm_tui.core.sync.engine import Record, Seen, Window
from smm_tui.core.sync.item import Item

DAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 8, 10, tzinfo=UTC)


def lead10(task: Task) -> int | None:
    return 10


def round_trip(it: Item) -> Item:
    uid, back = vtodo.parse(vtodo.to_ical(it, NOW, lead10), it.zone)
    assert uid == it.uid and back is not None
    return back


def test_the_body_has_what_tasks_apps_show() -> None:
    task = Task(id="lunch-1200", title="Lunch — check in", start=time(12, 0), kind="checkin",
                platforms=("foursquare",), slot="lunch", lead=15)
    body = vtodo.to_ical(Item(DAY, "Europe/Berlin", task, NOW), NOW, lead10).decode()
    cal = icalendar.Calendar.from_ical(body)
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    [todo] = cal.walk("VTODO")
    assert str(todo["UID"]) == "2026-11-26-lunch-1200@smm-tui.invalid"
    assert "DTSTART;TZID=Europe/Berlin:20261126T120000" in body
    assert "DUE;TZID=Europe/Berlin:20261126T123000" in body
    assert "CATEGORIES:checkin,foursquare" in body
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    [alarm] = todo.walk("VALARM")
    assert alarm["TRIGGER"].to_ical() == b"-PT10M"


def test_done_and_skipped_map_to_completed_and_cancelled() -> None:
    base = Task(id="a", title="A", start=time(9, 0))
    done = base.marked("done", datetime(2026, 11, 26, 9, 3, 7, 500, tzinfo=UTC))
    body = vtodo.to_ical(Item(DAY, "Europe/Berlin", done), NOW, lead10).decode()
    assert "STATUS:COMPLETED" in body and "COMPLETED:20261126T090307Z" in body and "VALARM" not in body
    assert round_trip(Item(DAY, "Europe/Berlin", done)).task.done_at == datetime(2026, 11, 26, 9, 3, 7, tzinfo=UTC)
    skipped = base.marked("skipped", NOW)
    assert "STATUS:CANCELLED" in vtodo.to_ical(Item(DAY, "Europe/Berlin", skipped), NOW, lead10).decode()
    assert round_trip(Item(DAY, "Europe/Berlin", skipped)).task.status == "skipped"


titles = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(
    # Control characters and a literal backslash-N do not survive TEXT (see the test below and the library's
    # escaping, which reads \\N as a line break): everything else must come back as it went.
    title=titles.filter(lambda t: t.strip() and "\\N" not in t
                        and not any((ord(c) < 32 or ord(c) == 127) and c not in "\t\n" for c in t)),
    note=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).filter(lambda t: "\\N" not in t),
    hour=st.integers(0, 23), minute=st.integers(0, 59), minutes=st.integers(0, 24 * 60),
    kind=st.sampled_from(KINDS), status=st.sampled_from(["todo", "done", "skipped"]),
    lead=st.none() | st.integers(0, 600), zone=st.sampled_from(["Europe/Berlin", "America/New_York", "UTC"]),
)
def test_our_items_come_back_with_the_same_digest(title: str, note: str, hour: int, minute: int, minutes: int,
                                                   kind: str, status: str, lead: int | None, zone: str) -> None:
    task = Task(id="t1", title=title, start=time(hour, minute), minutes=minutes, kind=kind,  # type: ignore[arg-type]
                platforms=("x", "blog"), note=note, lead=lead, status=status,  # type: ignore[arg-type]
                done_at=NOW if status == "done" else None)
    it = Item(date(2026, 3, 29), zone, task, NOW)
    back = round_trip(it)
    assert back.digest() == it.digest()


def test_a_phone_made_item_gets_kind_from_categories_else_neutral() -> None:
    def phone(categories: list[str] | None, start: object) -> bytes:
        cal = icalendar.Calendar()
        todo = icalendar.Todo()
        todo.add("uid", "abc@phone")
        todo.add("summary", "Call the agency")
        todo.add("dtstart", start)
        if categories:
            todo.add("categories", categories)
        cal.add_component(todo)
        return bytes(cal.to_ical())

    uid, it = vtodo.parse(phone(["Work", "meeting"], datetime(2026, 11, 26, 13, 0, tzinfo=UTC)), "Europe/Berlin")
    assert uid == "abc@phone" and it is not None
    assert (it.task.kind, it.task.platforms, it.task.start, it.task.uid) == ("meeting", ("work",), time(14, 0), "abc@phone")
    _uid, it = vtodo.parse(phone(None, date(2026, 11, 27)), "Europe/Berlin")
    assert it is not None and (it.day, it.task.start, it.task.kind) == (date(2026, 11, 27), time(0, 0), vtodo.NEUTRAL_KIND)


@pytest.mark.parametrize("body", [b"", b"garbage", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                                  b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
                                  b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:e\r\nDTSTART:20261126T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"])
def test_what_is_not_a_placeable_task_is_none_never_an_exception(body: bytes) -> None:
    _uid, it = vtodo.parse(body, "Europe/Berlin")
    assert it is None


def test_status_document_round_trip_and_strictness() -> None:
    status = status_file.Status("http://127.0.0.1/a/", token="t1", window=Window(DAY, DAY), last_sync=NOW,
                                last_result="pushed 1")
    status.records["u"] = Record("u", "/a/u.ics", '"1"', "d" * 32, DAY)
    status.records["v"] = Record("v", "/elsewhere/v.ics", None, "e" * 32, DAY)
    status.seen["/a/s.ics"] = Seen("/a/s.ics", '"3"', None, None)
    doc = status_file.to_document(status)
    assert status_file.from_document(doc, "http://127.0.0.1/a/") == status
    assert status_file.from_document(doc, "http://elsewhere/").records == {}  # another server: start afresh
    assert doc["items"][0] == "2026-11-26\tu\t\t\"1\"\t" + "d" * 32  # the usual href left out
    for broken in ["yesterday\tu\t\t\t" + "d" * 32, "2026-11-26\tu", 7]:
        bad = {**doc, "items": [broken]}
        with pytest.raises(ValueError):
            status_file.from_document(bad, "http://127.0.0.1/a/")


def test_records_that_cannot_be_stored_are_left_out_and_paired_again_later() -> None:
    status = status_file.Status("http://127.0.0.1/a/")
    status.records["tab\tuid"] = Record("tab\tuid", "/a/x.ics", '"1"', "d" * 32, DAY)
    status.records["u"] = Record("u", "/a/u.ics", '"1"', "d" * 32, DAY)
    back = status_file.from_document(status_file.to_document(status), "http://127.0.0.1/a/")
    assert list(back.records) == ["u"]


def test_control_characters_are_made_visible_once_then_stable() -> None:
    """RFC 5545 TEXT holds no control characters: the server gets a visible escape, which then round-trips."""
    task = Task(id="t1", title="bell\x07 and del\x7f", start=time(9, 0))
    once = round_trip(Item(DAY, "Europe/Berlin", task, NOW))
    assert once.task.title == "bell\\x07 and del\\x7f"
    assert round_trip(once).digest() == once.digest()
