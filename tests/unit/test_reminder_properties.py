"""Hypothesis: no reminder fires twice, whatever instants the engine is given; none is lost.

Days are random (times, durations, kinds, statuses, leads) around DST changes
in four zones (Lord Howe shifts by 30 minutes), rules are random, and the
instants come in increasing or arbitrary order - with snoozes and restarts
(the record written to TOML and read back) in between.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_tui.core import tomlfile
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import Day, Task
from smm_tui.core.timeline import Timeline, build
from smm_tui.reminders.engine import Record, Rules, _base, _task_key_of, snooze, step

ZONES = ["Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe"]
DST_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1),
            date(2026, 4, 5), date(2026, 10, 4)]


@st.composite
def tasks(draw: st.DrawFn, index: int) -> Task:
    status = draw(st.sampled_from(["todo"] * 6 + ["done", "skipped"]))
    return Task(
        id=f"t{index}",
        title=f"Task {index}",
        start=time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 10, 15, 30, 45, 59]))),
        minutes=draw(st.sampled_from([0, 5, 15, 30, 60, 180])),
        kind=draw(st.sampled_from(KINDS)),
        status=status,
        done_at=datetime(2026, 1, 1, tzinfo=UTC) if status == "done" else None,
        lead=draw(st.none() | st.integers(0, 120)),
    )


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Timeline], Rules, list[datetime]]:
    """Three random days in a zone (often around a DST change), random rules, and anchor instants near slots."""
    zone = draw(st.sampled_from(ZONES))
    middle = draw(st.sampled_from(DST_DAYS) | st.dates(date(2026, 1, 1), date(2026, 12, 30)))
    timelines = []
    counter = 0
    for offset in (-1, 0, 1):
        count = draw(st.integers(0 if offset else 1, 5))
        day_tasks = [draw(tasks(counter + i)) for i in range(count)]
        counter += count
        timelines.append(build(Day(date=middle + timedelta(days=offset), zone=zone, tasks=tuple(day_tasks))))
    rules = Rules(
        lead_minutes=draw(st.integers(0, 60)),
        at_start=draw(st.booleans()),
        kind_leads=draw(st.dictionaries(st.sampled_from(KINDS), st.integers(0, 90), max_size=3)),
        nag_minutes=draw(st.none() | st.integers(1, 90)),
        nag_kinds=frozenset(draw(st.sets(st.sampled_from(KINDS), max_size=4))),
        grace_minutes=draw(st.integers(0, 30)),
    )
    anchors = [e.starts_at for tl in timelines for e in tl.entries]
    anchors.append(datetime.combine(middle, time(0), tzinfo=UTC))
    return timelines, rules, anchors


@st.composite
def near(draw: st.DrawFn, anchors: list[datetime]) -> datetime:
    """An instant up to 90 minutes before or 30 after a slot (or midnight)."""
    return draw(st.sampled_from(anchors)) + timedelta(seconds=draw(st.integers(-90 * 60, 30 * 60)))


forward = st.one_of(st.integers(1, 15 * 60), st.integers(15 * 60, 4 * 3600))
"""Gaps between polls in seconds: mostly a timer's, sometimes a suspend."""
any_way = st.one_of(forward, st.integers(-4 * 3600, 0))
"""... or the clock set back."""


def restart(record: Record) -> Record:
    """What a new process reads back from the state file."""
    text = tomlfile.dumps("", record.to_doc())
    return Record.from_doc(tomllib.loads(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(), data=st.data(), gaps=st.lists(forward, min_size=8, max_size=60))
def test_no_reminder_fires_twice_for_increasing_instants_and_none_is_lost(
    world: tuple[list[Timeline], Rules, list[datetime]], data: st.DataObject, gaps: list[int]
) -> None:
    timelines, rules, anchors = world
    moments = [data.draw(near(anchors))]
    for gap in gaps:
        moments.append(moments[-1] + timedelta(seconds=gap))
    record = Record()
    settled: list[str] = []
    delivered: list[str] = []
    for now in moments:
        batch, record = step(timelines, rules, record, now)
        settled.extend(batch.settled)
        delivered.extend(r.key for r in (*batch.fresh, *batch.missed))
    assert len(settled) == len(set(settled)), "a key was recorded twice"
    assert len(delivered) == len(set(delivered)), "a reminder was delivered twice"
    # Nothing lost: every reminder due between the first look (minus grace) and the last is accounted for.
    expected = {
        r.key
        for tl in timelines
        for e in tl.entries
        if e.is_open()
        for r in _base(tl, e, rules, moments[0] - rules.grace, moments[-1])
    }
    assert set(settled) == expected
    # ... and every task with something due was shown: on time, or in the digest.
    assert {_task_key_of(k) for k in expected} == {_task_key_of(k) for k in delivered}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(), data=st.data(), script=st.lists(
    st.tuples(st.sampled_from(["by"] * 5 + ["to"]), any_way, st.sampled_from(["step"] * 4 + ["snooze", "restart"]),
              st.integers(1, 120)),
    min_size=8, max_size=60,
))
def test_no_reminder_fires_twice_for_any_sequence_with_snoozes_and_restarts(
    world: tuple[list[Timeline], Rules, list[datetime]], data: st.DataObject, script: list[tuple[str, int, str, int]]
) -> None:
    """Arbitrary instants: steps either way, suspends, and jumps to anywhere near another slot."""
    timelines, rules, anchors = world
    record = Record()
    settled: list[str] = []
    delivered: list[str] = []
    now = data.draw(near(anchors))
    for how, gap, action, minutes in script:
        now = now + timedelta(seconds=gap) if how == "by" else data.draw(near(anchors))
        if action == "restart":
            record = restart(record)
        batch, record = step(timelines, rules, record, now)
        settled.extend(batch.settled)
        delivered.extend(r.key for r in (*batch.fresh, *batch.missed))
        if action == "snooze" and batch.fresh:
            record = snooze(record, batch.fresh[0], now + timedelta(minutes=minutes), now)
    assert len(settled) == len(set(settled))
    assert len(delivered) == len(set(delivered))
