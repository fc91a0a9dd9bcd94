"""Hypothesis: any valid Day written and read back is equal."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.clock import FrozenClock
from smm_tui.core.codec import day_from_toml, day_to_toml
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=0, max_size=60
)
title = text.filter(lambda s: s.strip() != "")
platform = st.from_regex(r"[a-z0-9_.]{1,12}", fullmatch=True)
zones = st.sampled_from(["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"])
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@st.composite
def tasks(draw: st.DrawFn, task_id: str) -> Task:
    status = draw(st.sampled_from(["todo", "done", "skipped"]))
    done_at = None
    if status == "done":
        done_at = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets))
    return Task(
        id=task_id,
        title=draw(title),
        start=time(draw(st.integers(0, 23)), draw(st.integers(0, 59))),
        minutes=draw(st.integers(0, 1440)),
        kind=draw(st.sampled_from(KINDS)),
        platforms=tuple(draw(st.lists(platform, max_size=4))),
        status=status,
        done_at=done_at,
        note=draw(text),
        lead=draw(st.none() | st.integers(0, 600)),
        slot=draw(st.none() | st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)),
        uid=draw(st.none() | text.filter(lambda s: s != "")),
    )


@st.composite
def days(draw: st.DrawFn) -> Day:
    ids = draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True), unique=True, max_size=12))
    return Day(
        date=draw(st.dates(min_value=date(1971, 1, 1), max_value=date(2200, 12, 31))),
        zone=draw(zones),
        note=draw(text),
        tasks=tuple(draw(tasks(i)) for i in ids),
    )


def _canonical(day: Day) -> Day:
    """Saving orders tasks by time (stable): that is the only change a save makes."""
    return day.model_copy(update={"tasks": day.ordered()})


@given(days())
@settings(max_examples=300, deadline=None)
def test_codec_round_trip(day: Day) -> None:
    text_ = day_to_toml(day)
    assert day_from_toml(Path("x.toml"), text_.encode()) == _canonical(day)


@given(days())
@settings(max_examples=60, deadline=None)
def test_store_round_trip(day: Day) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clock = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC), "UTC")
        Store(Path(tmp) / "data", clock).open().save_day(day)
        assert Store(Path(tmp) / "data", clock).load_day(day.date) == _canonical(day)
