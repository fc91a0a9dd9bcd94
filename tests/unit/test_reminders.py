"""The pure reminder engine with a fake clock: kinds, snooze, done, edits, midnight, suspend, DST."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from reminder_helpers import UTC, Sim, keys, kinds, local, task, timeline

from smm_tui.reminders.engine import Record, Rules, next_slot_start, reminder_key, step

BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"
DAY = date(2026, 11, 26)
MINUTE = timedelta(minutes=1)


def at(hour: int, minute: int = 0, second: int = 0, day: date = DAY, zone: str = BERLIN) -> datetime:
    return local(zone, day.year, day.month, day.day, hour, minute, second)


# --- kinds --------------------------------------------------------------------------------


def test_lead_reminds_before_the_slot_on_its_own_day() -> None:
    sim = Sim([timeline(DAY, BERLIN, task("wake", "05:30", lead=45))])
    assert sim.next(at(3, 0)) == at(4, 45)
    assert sim.at(at(4, 44)) == []
    out = sim.at(at(4, 45))
    assert kinds(out) == [("wake", "lead")]
    assert out[0].reminder.key == "2026-11-26|wake|lead|05:30"
    assert out[0].line() == "04:45  lead   05:30  Task wake  (checkin, starts in 45 min)"
    assert sim.at(at(4, 46)) == []


def test_lead_precedence_task_then_kind_then_default_and_zero_disables() -> None:
    rules = Rules(lead_minutes=10, kind_leads={"meeting": 15}, at_start=False)
    tl = timeline(DAY, BERLIN, task("a", "09:00"), task("b", "09:00", kind="meeting"),
                  task("c", "09:00", kind="meeting", lead=3), task("d", "09:00", lead=0))
    sim = Sim([tl], rules)
    out = sim.run(at(8, 0), at(9, 30))
    assert [(d.reminder.task_id, d.at) for d in out] == [("b", at(8, 45)), ("a", at(8, 50)), ("c", at(8, 57))]


def test_start_reminder_and_at_start_off() -> None:
    tl = timeline(DAY, BERLIN, task("a", "09:00"))
    assert kinds(Sim([tl]).run(at(8, 55), at(9, 5))) == [("a", "start")]
    assert Sim([tl], Rules(at_start=False, lead_minutes=0)).run(at(8, 0), at(10, 0)) == []


def test_nag_repeats_for_open_reply_slots_until_done() -> None:
    reply = task("criticism", "07:00", kind="reply")
    tl = timeline(DAY, BERLIN, reply, task("mon", "07:00", kind="monitor"))
    current = [tl]
    sim = Sim(lambda: current)
    out = sim.run(at(6, 45), at(8, 10))
    nags = [(d.at, d.reminder.key) for d in out if d.reminder.kind == "nag"]
    assert nags == [
        (at(7, 30), "2026-11-26|criticism|nag-1|07:00"),
        (at(7, 45), "2026-11-26|criticism|nag-2|07:00"),
        (at(8, 0), "2026-11-26|criticism|nag-3|07:00"),
    ]
    assert all(d.reminder.task_id == "criticism" for d in out if d.reminder.kind == "nag"), "monitor never nags"
    assert out[-1].line() == "08:00  nag    07:00  Task criticism  (reply, overdue since 07:30, still open)"
    current = [timeline(DAY, BERLIN, reply.marked("done", at(8, 5)), task("mon", "07:00", kind="monitor"))]
    assert sim.run(at(8, 11), at(12, 0)) == []
    assert sim.next(at(12, 0)) is None


def test_nag_stops_at_the_end_of_the_slots_day_and_can_be_turned_off() -> None:
    tl = timeline(DAY, BERLIN, task("late", "23:00", kind="reply"))
    sim = Sim([tl, timeline(DAY + timedelta(days=1), BERLIN)])
    out = sim.run(at(22, 0), at(2, 0, day=DAY + timedelta(days=1)))
    assert [d.at for d in out if d.reminder.kind == "nag"] == [at(23, 30), at(23, 45)]
    quiet = Sim([tl], Rules(nag_minutes=None)).run(at(22, 0), at(23, 59))
    assert kinds(quiet) == [("late", "lead"), ("late", "start")]


def test_nag_kinds_are_configurable_and_zero_interval_is_refused() -> None:
    tl = timeline(DAY, BERLIN, task("m", "10:00", kind="monitor"))
    out = Sim([tl], Rules(nag_kinds=frozenset({"monitor"}), nag_minutes=20)).run(at(9, 0), at(11, 0))
    assert [d.at for d in out if d.reminder.kind == "nag"] == [at(10, 30), at(10, 50)]
    with pytest.raises(ValueError):
        Rules(nag_minutes=0)


# --- snooze, done, edits ---------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [5, 10, 30])
def test_snooze_brings_the_reminder_back_once(minutes: int) -> None:
    sim = Sim([timeline(DAY, BERLIN, task("call", "09:00", kind="reply", minutes=15))])
    [start] = sim.at(at(9, 0))
    sim.snooze(start.reminder, at(9, minutes), at(9, 0))
    before = sim.run(at(9, 0, 30), at(9, minutes) - MINUTE)
    assert before == [], "nags wait while the task is snoozed"
    [back] = sim.at(at(9, minutes))
    assert back.reminder.snoozed_from == "2026-11-26|call|start|09:00"
    assert back.line().endswith(f"(reply, snoozed, started {minutes} min ago)")
    assert sim.run(at(9, minutes, 30), at(9, minutes + 4)) == [], "a snoozed reminder comes back once"
    # snoozed again: comes back again, under a new key
    sim.snooze(back.reminder, at(9, minutes + 10), at(9, minutes + 5))
    assert kinds(sim.at(at(9, minutes + 10))) == [("call", "start")]
    assert len(set(keys(sim.log))) == len(keys(sim.log))


def test_snooze_until_the_next_slot() -> None:
    tl = timeline(DAY, BERLIN, task("a", "09:00"), task("b", "09:40", status="done"), task("c", "10:15"))
    sim = Sim([tl])
    [start] = sim.at(at(9, 0))
    until = next_slot_start([tl], at(9, 0))
    assert until == at(10, 15), "done slots do not count; the next open one does"
    sim.snooze(start.reminder, until, at(9, 0))
    out = sim.run(at(9, 1), at(10, 15))
    assert [(d.at, d.reminder.task_id, d.reminder.snoozed_from is not None) for d in out] == [
        (at(10, 5), "c", False), (at(10, 15), "c", False), (at(10, 15), "a", True)]


def test_snooze_must_end_in_the_future() -> None:
    sim = Sim([timeline(DAY, BERLIN, task("a", "09:00"))])
    [start] = sim.at(at(9, 0))
    with pytest.raises(ValueError):
        sim.snooze(start.reminder, at(9, 0), at(9, 0))


def test_done_or_skipped_tasks_never_remind() -> None:
    tl = timeline(DAY, BERLIN, task("d", "09:00", kind="reply", status="done"),
                  task("s", "09:00", kind="reply", status="skipped"))
    sim = Sim([tl])
    assert sim.run(at(8, 0), at(12, 0)) == []
    assert sim.next(at(8, 0)) is None


def test_done_cancels_a_snoozed_reminder() -> None:
    open_task = task("a", "09:00", kind="reply")
    current = [timeline(DAY, BERLIN, open_task)]
    sim = Sim(lambda: current)
    [start] = sim.at(at(9, 0))
    sim.snooze(start.reminder, at(9, 10), at(9, 0))
    current = [timeline(DAY, BERLIN, open_task.marked("done", at(9, 5)))]
    assert sim.run(at(9, 1), at(11, 0)) == []


def test_editing_the_time_rearms_and_moving_into_the_past_stays_quiet() -> None:
    original = task("pitch", "09:00")
    current = [timeline(DAY, BERLIN, original)]
    sim = Sim(lambda: current)
    assert kinds(sim.run(at(8, 45), at(9, 5))) == [("pitch", "lead"), ("pitch", "start")]
    current = [timeline(DAY, BERLIN, original.edited(start=datetime(2000, 1, 1, 10, 30).time()))]
    out = sim.run(at(9, 6), at(10, 35))
    assert [(d.at, d.reminder.key) for d in out] == [
        (at(10, 20), "2026-11-26|pitch|lead|10:30"), (at(10, 30), "2026-11-26|pitch|start|10:30")]
    # moved to a time that is already over: no alarms for times that are gone
    current = [timeline(DAY, BERLIN, original.edited(start=datetime(2000, 1, 1, 8, 0).time()))]
    assert sim.run(at(10, 36), at(11, 0)) == []
    # moved back to the original time later: its keys fired already, so nothing repeats
    current = [timeline(DAY, BERLIN, original)]
    assert sim.run(at(11, 1), at(11, 5)) == []


# --- midnight, suspend, late --------------------------------------------------------------------


def test_crossing_midnight() -> None:
    tomorrow = DAY + timedelta(days=1)
    today_tl = timeline(DAY, BERLIN, task("late", "23:58", minutes=5))
    tomorrow_tl = timeline(tomorrow, BERLIN, task("owl", "00:10"))
    sim = Sim([today_tl, tomorrow_tl])
    sim.at(at(23, 50))
    assert sim.next(at(23, 55)) == at(23, 58)
    sim.at(at(23, 55))
    assert sim.next(at(23, 59)) == at(0, 0, day=tomorrow), "tomorrow's 00:10 slot is found tonight"
    # the machine was busy: the next poll is after midnight; yesterday's 23:58 start is not lost
    out = sim.at(at(0, 1, day=tomorrow))
    assert [(d.reminder.day, d.reminder.task_id, d.reminder.kind) for d in out] == [
        (DAY, "late", "start"), (tomorrow, "owl", "lead")]
    assert out[1].reminder.key == "2026-11-27|owl|lead|00:10"
    assert [d.line() for d in out] == [
        "00:01  start  Thu 23:58  Task late  (checkin, started 3 min ago)",
        "00:01  lead   00:10  Task owl  (checkin, starts in 9 min)",
    ]
    assert kinds(sim.at(at(0, 10, day=tomorrow))) == [("owl", "start")]


def test_two_hour_suspend_gives_one_digest() -> None:
    tl = timeline(DAY, BERLIN, task("leads", "09:30", kind="meeting"), task("mon", "10:00", kind="monitor"),
                  task("crit", "09:00", kind="reply"), task("noon", "11:10"))
    sim = Sim([tl])
    sim.run(at(8, 30), at(9, 10))
    out = sim.at(at(11, 10))  # the laptop slept from 09:10 to 11:10
    digests = [d for d in out if d.is_digest]
    assert len(digests) == 1
    digest = digests[0]
    assert [(r.task_id, r.kind) for r in digest.reminders] == [("crit", "nag"), ("leads", "start"), ("mon", "start")]
    assert digest.missed_count == 11, "7 nags of crit (09:30-11:00), lead + start of two slots"
    assert kinds(out) == [("noon", "start"), ("digest", "11")], "on-time reminders still come one by one"
    assert digest.line() == ("11:10  missed 3 slots while away (11 reminders): 09:00 Task crit (reply, nag); "
                             "09:30 Task leads (meeting, start); 10:00 Task mon (monitor, start)")
    assert digest.title == "Missed while away: 3 slots"
    assert sim.run(at(11, 11), at(11, 14)) == []
    assert kinds(sim.at(at(11, 15))) == [("crit", "nag")], "nagging goes on after the digest"


def test_waking_just_after_a_nag_shows_it_instead_of_a_digest_entry() -> None:
    sim = Sim([timeline(DAY, BERLIN, task("crit", "09:00", kind="reply"))])
    sim.run(at(8, 30), at(9, 10))
    out = sim.at(at(11, 2))
    assert kinds(out) == [("crit", "nag")], "its older nags are superseded, not listed"
    assert len(sim.batches[-1].settled) == 7


def test_reminders_up_to_grace_late_are_delivered_normally() -> None:
    sim = Sim([timeline(DAY, BERLIN, task("a", "09:00"), task("b", "09:20", lead=30))], Rules(grace_minutes=5))
    sim.at(at(8, 40))
    out = sim.at(at(9, 5))
    assert kinds(out) == [("b", "lead"), ("a", "start")], "5 min late is on time; a lead is news until its slot"
    assert out[0].line() == "09:05  lead   09:20  Task b  (checkin, starts in 15 min)"
    sim2 = Sim([timeline(DAY, BERLIN, task("a", "09:00"))], Rules(grace_minutes=5))
    sim2.at(at(8, 40))
    assert kinds(sim2.at(at(9, 5, 1))) == [("digest", "2")]


def test_a_start_supersedes_its_lead_in_one_step() -> None:
    sim = Sim([timeline(DAY, BERLIN, task("a", "09:00", lead=2))])
    sim.at(at(8, 50))
    out = sim.at(at(9, 3))
    assert kinds(out) == [("a", "start")]
    assert set(sim.batches[-1].settled) == {"2026-11-26|a|lead|09:00", "2026-11-26|a|start|09:00"}


def test_first_look_only_counts_the_last_grace_minutes() -> None:
    sim = Sim([timeline(DAY, BERLIN, task("a", "08:00"), task("b", "09:08"))])
    assert kinds(sim.at(at(9, 10))) == [("b", "start")], "no digest of the whole morning on first start"


def test_time_going_backwards_never_repeats() -> None:
    sim = Sim([timeline(DAY, BERLIN, task("a", "09:00", kind="reply"))])
    first = sim.run(at(8, 45), at(10, 0))
    again = sim.run(at(8, 45), at(10, 0))
    assert first and again == []


# --- DST --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "wall", "expected_utc"),
    [
        (BERLIN, date(2026, 3, 29), "02:30", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (NEW_YORK, date(2026, 3, 8), "02:30", datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
    ],
)
def test_spring_forward_slot_in_the_gap_reminds_once_after_the_gap(zone: str, day: date, wall: str,
                                                                   expected_utc: datetime) -> None:
    sim = Sim([timeline(day, zone, task("gap", wall, minutes=20))], Rules(lead_minutes=10), zone=zone)
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    out = sim.run(start, start + timedelta(hours=12))
    assert [(d.reminder.kind, d.at) for d in out] == [
        ("lead", expected_utc - timedelta(minutes=10)), ("start", expected_utc)]
    assert out[1].reminder.key == f"{day}|gap|start|{wall}"
    assert out[1].line().startswith(f"{expected_utc.astimezone(ZoneInfo(zone)):%H:%M}  start  {wall}")


@pytest.mark.parametrize(
    ("zone", "day", "wall", "first_utc"),
    [
        (BERLIN, date(2026, 10, 25), "02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (NEW_YORK, date(2026, 11, 1), "01:30", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
    ],
)
def test_fall_back_slot_in_the_overlap_reminds_once(zone: str, day: date, wall: str, first_utc: datetime) -> None:
    rules = Rules(lead_minutes=10, nag_kinds=frozenset({"reply"}), nag_minutes=30)
    sim = Sim([timeline(day, zone, task("twice", wall, minutes=30, kind="reply"))], rules, zone=zone)
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) - timedelta(hours=2)
    out = sim.run(start, start + timedelta(hours=10), every=timedelta(seconds=30))
    starts = [d.at for d in out if d.reminder.kind == "start"]
    assert starts == [first_utc], "the first occurrence, once"
    nags = [d.at for d in out if d.reminder.kind == "nag"]
    # nags are real-time intervals: through the repeated hour they keep a steady 30 minutes
    assert nags[:3] == [first_utc + timedelta(minutes=30 * k) for k in (1, 2, 3)]
    assert len(set(keys(out))) == len(keys(out))


def test_fall_back_poll_on_both_occurrences_of_the_hour() -> None:
    """The engine is asked at 02:30 CEST and again at 02:30 CET (same wall time, an hour apart): once."""
    day = date(2026, 10, 25)
    sim = Sim([timeline(day, BERLIN, task("t", "02:30", minutes=0))], Rules(lead_minutes=0))
    first = local(BERLIN, 2026, 10, 25, 2, 30, fold=0)
    second = local(BERLIN, 2026, 10, 25, 2, 30, fold=1)
    assert second - first == timedelta(hours=1)
    assert kinds(sim.at(first)) == [("t", "start")]
    assert sim.at(second) == []


# --- the record -----------------------------------------------------------------------------


def test_record_round_trips_merges_and_prunes() -> None:
    a = Record({"2026-11-26|a|lead|09:00": at(8, 50)}, {"2026-11-26|a|start|09:00": at(9, 10)}, at(9, 0))
    b = Record({"2026-11-26|a|lead|09:00": at(8, 51), "2026-11-20|old|start|09:00": at(9, 0)},
               {"2026-11-26|a|start|09:00": at(9, 30)}, at(12, 0))
    assert Record.from_doc(a.to_doc()) == a
    merged = a.merge(b)
    assert merged.fired == {"2026-11-26|a|lead|09:00": at(8, 50), "2026-11-20|old|start|09:00": at(9, 0)}
    assert merged.snoozed == {"2026-11-26|a|start|09:00": at(9, 30)}
    assert merged.seen_until == at(9, 0), "a process keeps its own window"
    assert set(merged.pruned(date(2026, 11, 24)).fired) == {"2026-11-26|a|lead|09:00"}


@pytest.mark.parametrize(
    "doc",
    [
        {"fired": "nope"},
        {"fired": {"not-a-key": datetime(2026, 1, 1, tzinfo=UTC)}},
        {"fired": {"2026-11-26|a|lead|09:00": "yesterday"}},
        {"fired": {"2026-11-26|a|lead|09:00": datetime(2026, 1, 1)}},
        {"seen_until": 3},
        {"version": 2},
        {"surprise": 1},
    ],
)
def test_record_from_a_malformed_document_is_refused(doc: dict) -> None:
    with pytest.raises(ValueError):
        Record.from_doc(doc)


def test_keys_name_date_task_kind_and_planned_wall_time() -> None:
    assert reminder_key(DAY, "criticism-0700", "lead", datetime(2000, 1, 1, 7, 0).time()) == (
        "2026-11-26|criticism-0700|lead|07:00")


def test_step_needs_aware_instants() -> None:
    with pytest.raises(ValueError):
        step([], Rules(), Record(), datetime(2026, 11, 26, 9, 0))
