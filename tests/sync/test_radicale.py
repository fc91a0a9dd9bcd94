"""End to end against a real Radicale: smm-tui on one side, the `caldav` library as the phone on the other."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
from sync_helpers import Phone, Radicale, second_store, settings_for, sync_round

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.core.sync.item import sync_uid
from smm_tui.sync.run import window_for
from smm_tui.sync.service import import_meetings, sync_once

DAY = date(2026, 11, 26)


def week_uids(store: Store, days: int = 3) -> set[str]:
    """The UIDs of the synced days (the tests sync today and the two days after, the first one a week)."""
    uids = set()
    for n in range(days):
        day = store.load_day(DAY + timedelta(days=n))
        uids |= {sync_uid(day.date, t) for t in day.tasks}
    return uids


def test_first_sync_pushes_the_week(store: Store, collection: str, phone: Phone) -> None:
    outcome = sync_round(store, settings_for(collection, future=6))
    expected = week_uids(store, 7)
    assert outcome.summary().startswith(f"pushed {len(expected)}, pulled 0, conflicts 0, unchanged 0")
    assert set(phone.todos()) == expected
    again = sync_round(store, settings_for(collection, future=6))
    assert again.summary() == f"pushed 0, pulled 0, conflicts 0, unchanged {len(expected)}"


def _local(store: Store, uid: str) -> tuple[date, object] | None:
    for n in range(7):
        day = store.load_day(DAY + timedelta(days=n))
        for task in day.tasks:
            if sync_uid(day.date, task) == uid:
                return day.date, task
    return None


LUNCH = "2026-11-26-lunch-1200@smm-tui.invalid"


def test_a_tick_on_the_phone_shows_up_locally(store: Store, clock: FrozenClock, collection: str, phone: Phone) -> None:
    settings = settings_for(collection)
    sync_round(store, settings)
    ticked_at = datetime(2026, 11, 26, 11, 5, tzinfo=UTC)
    phone.tick(LUNCH, at=ticked_at)
    outcome = sync_round(store, settings)
    assert outcome.summary().startswith("pushed 0, pulled 1, conflicts 0")
    task = store.load_day(DAY).task("lunch-1200")
    assert task.status == "done" and task.done_at == ticked_at
    assert sync_round(store, settings).summary().startswith("pushed 0, pulled 0, conflicts 0")


def test_a_local_tick_shows_up_on_the_phone(store: Store, clock: FrozenClock, collection: str, phone: Phone) -> None:
    settings = settings_for(collection)
    sync_round(store, settings)
    store.update_day(DAY, lambda d: d.toggle("lunch-1200", clock.now()))
    outcome = sync_round(store, settings)
    assert outcome.summary().startswith("pushed 1, pulled 0, conflicts 0")
    todo = phone.todos()[LUNCH]
    assert str(todo["STATUS"]) == "COMPLETED"
    assert todo["COMPLETED"].dt == clock.now().astimezone(UTC).replace(microsecond=0)


def test_both_edit_the_same_task_and_both_versions_are_kept(
    store: Store, clock: FrozenClock, collection: str, phone: Phone,
) -> None:
    settings = settings_for(collection)
    sync_round(store, settings)
    store.update_day(DAY, lambda d: d.replace_task(d.task("lunch-1200").edited(title="Lunch at the desk")))
    # The phone edits later than the local change (file mtime is the local version's time).
    def retitle(todo: object) -> None:
        todo.pop("SUMMARY")  # type: ignore[attr-defined]
        todo.add("SUMMARY", "Lunch with the team")  # type: ignore[attr-defined]
    phone.edit(LUNCH, retitle, at=datetime.now(UTC) + timedelta(minutes=5))
    outcome = sync_round(store, settings)
    assert "conflicts 1" in outcome.summary()
    task = store.load_day(DAY).task("lunch-1200")
    assert task.title == "Lunch with the team"
    assert "Lunch at the desk" in task.note
    remote = phone.todos()[LUNCH]
    assert str(remote["SUMMARY"]) == "Lunch with the team"
    assert "Lunch at the desk" in str(remote["DESCRIPTION"])
    assert sync_round(store, settings).summary().startswith("pushed 0, pulled 0, conflicts 0")


def test_a_deletion_on_the_phone_removes_the_task_here(store: Store, collection: str, phone: Phone) -> None:
    settings = settings_for(collection)
    sync_round(store, settings)
    phone.delete(LUNCH)
    outcome = sync_round(store, settings)
    assert "deleted here 1" in outcome.summary()
    assert _local(store, LUNCH) is None
    assert store.backup_path(DAY).exists() or store.has_day_file(DAY)


def test_a_local_deletion_removes_the_item_on_the_server(store: Store, collection: str, phone: Phone) -> None:
    settings = settings_for(collection)
    sync_round(store, settings)
    store.update_day(DAY, lambda d: d.without_task("lunch-1200"))
    outcome = sync_round(store, settings)
    assert "deleted on the server 1" in outcome.summary()
    assert LUNCH not in phone.todos()


def test_a_task_made_on_the_phone_arrives_with_its_kind(store: Store, collection: str, phone: Phone) -> None:
    settings = settings_for(collection)
    sync_round(store, settings)
    phone.add("phone-1@example.org", "Reply to the angry customer", datetime(2026, 11, 27, 14, 30, tzinfo=UTC),
              categories=["reply", "x"])
    phone.add("phone-2@example.org", "Buy flowers", datetime(2026, 11, 27, 16, 0, tzinfo=UTC))
    outcome = sync_round(store, settings)
    assert outcome.summary().startswith("pushed 0, pulled 2")
    day = store.load_day(date(2026, 11, 27))
    reply = next(t for t in day.tasks if t.uid == "phone-1@example.org")
    assert (reply.kind, reply.platforms, reply.start.hour) == ("reply", ("x",), 15)  # 14:30 UTC in Berlin
    flowers = next(t for t in day.tasks if t.uid == "phone-2@example.org")
    assert flowers.kind == "checkin"
    assert sync_round(store, settings).summary().startswith("pushed 0, pulled 0, conflicts 0")


def test_two_laptops_on_one_collection_converge_without_duplicates(
    store: Store, clock: FrozenClock, collection: str, phone: Phone, tmp_path: Path,
) -> None:
    settings = settings_for(collection)
    other = second_store(tmp_path, clock)
    store.update_day(DAY, lambda d: d.toggle("lunch-1200", clock.now()))
    other.update_day(DAY, lambda d: d.set_status("news-0600", "skipped", clock.now()))
    for _round in range(2):
        sync_round(store, settings)
        sync_round(other, settings)
    for s in (store, other):
        day = s.load_day(DAY)
        assert day.task("lunch-1200").status == "done"
        assert day.task("news-0600").status == "skipped"
    assert week_uids(store) == week_uids(other) == set(phone.todos())
    for n in range(3):
        a, b = store.load_day(DAY + timedelta(days=n)), other.load_day(DAY + timedelta(days=n))
        assert [t.model_dump(exclude={"done_at"}) for t in a.ordered()] == [t.model_dump(exclude={"done_at"}) for t in b.ordered()]


def test_meetings_come_from_the_team_calendar_read_only(store: Store, radicale: Radicale, collection: str) -> None:
    team = radicale.new_collection()
    teammate = Phone(team)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//team//EN")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "standup@team")
    event.add("summary", "Stand-up")
    event.add("dtstart", datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    event.add("dtend", datetime(2026, 11, 27, 8, 15, tzinfo=UTC))
    event.add("dtstamp", datetime(2026, 11, 20, 8, 0, tzinfo=UTC))
    event.add("rrule", {"freq": "daily", "count": 3})
    cal.add_component(event)
    teammate.calendar.save_event(cal.to_ical().decode())
    settings = settings_for(collection, future=6)
    settings = settings.model_copy(update={"sync": settings.sync.model_copy(update={"meetings_url": team})})
    window = window_for(DAY, settings)
    assert import_meetings(store, settings, window) == "meetings: 3 added, 0 updated, 0 unchanged"
    assert import_meetings(store, settings, window) == "meetings: 0 added, 0 updated, 3 unchanged"
    standup = [t for t in store.load_day(date(2026, 11, 28)).tasks if t.title == "Stand-up"]
    assert [(t.kind, t.start.hour, t.minutes) for t in standup] == [("meeting", 9, 15)]
    sync_once(store, settings, window)
    assert teammate.todos() == {}, "nothing is written to the team calendar"
    teammate.close()


def test_a_broken_day_file_is_not_synced_and_its_items_stay_on_the_server(
    store: Store, collection: str, phone: Phone,
) -> None:
    settings = settings_for(collection)
    store.update_day(DAY, lambda d: d.without_task("news-0600"))  # the day has a file
    sync_round(store, settings)
    before = set(phone.todos())
    store.day_path(DAY).write_text("date = 2026-11-26\nthis is not toml [")
    outcome = sync_round(store, settings)
    assert any("not synced until it is fixed" in w for w in outcome.warnings)
    assert set(phone.todos()) == before
    assert store.day_path(DAY).read_text().endswith("not toml [")


def test_an_item_seen_outside_the_window_is_pulled_once_the_window_reaches_it(
    store: Store, collection: str, phone: Phone,
) -> None:
    phone.add("later@example.org", "Campaign launch", datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    first = sync_round(store, settings_for(collection, future=2))
    assert first.summary().startswith("pushed ") and "pulled 0" in first.summary()
    assert first.plan.seen and first.plan.seen[0].day == date(2026, 12, 4)
    wider = sync_round(store, settings_for(collection, future=9))
    assert "pulled 1" in wider.summary()
    assert [t.title for t in store.load_day(date(2026, 12, 4)).tasks if t.uid == "later@example.org"] == ["Campaign launch"]


def test_months_later_old_records_are_dropped_and_old_items_not_fetched(
    store: Store, clock: FrozenClock, collection: str, phone: Phone,
) -> None:
    from smm_tui.core.sync import status as status_file

    settings = settings_for(collection)
    sync_round(store, settings)
    clock.advance(timedelta(days=70))
    sync_round(store, settings)  # pushes the new days; the old records go at the end of the round
    clock.advance(timedelta(days=1))
    next_day = sync_round(store, settings)  # a new window: a full listing, old items included
    requests_for_work = len(next_day.done) + 5  # each push one PUT; listing, login retry, token refresh
    assert next_day.traffic.requests <= requests_for_work, "items of long-past days were fetched"
    status = status_file.from_document(store.read_state(status_file.NAME), collection)
    assert min(r.day for r in status.records.values()) >= clock.now().date() - timedelta(days=31)
    assert len(phone.todos()) > len(status.records), "nothing was deleted on the server"
