"""The store's write gate: a save that would not read back, or not within the read limits, is refused.

The store used to write day files it then refused to read (over 1 MB, over the
table limit, an offset with seconds): the whole day was locked out after a save
that said "ok". Every save now parses its own bytes back first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_tui.core import codec, tomlfile
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import SaveError
from smm_tui.core.models import NOTE_MAX, TITLE_MAX, Day, Task
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)


def task(n: int, *, note: str = "", title: str | None = None) -> Task:
    return Task(id=f"t{n}", title=title or f"task {n}", start=time(10, 0), note=note)


def test_notes_that_would_push_the_day_over_the_size_limit_are_refused_and_the_day_stays_readable(
        store: Store) -> None:
    note = "n" * 9999
    added = 0
    with pytest.raises(SaveError) as info:
        for n in range(200):
            store.update_day(DAY, lambda d, n=n: d.with_task(task(n, note=note)))
            added += 1
    assert 90 < added < 110
    message = str(info.value)
    assert "\n" not in message and "not saved, the file on disk is unchanged" in message and "1 MB" in message
    before = store.day_path(DAY).read_bytes()
    assert len(before) <= tomlfile.MAX_FILE_BYTES
    # Everything after it still works on the day: read, change, check.
    fresh = Store(store.data_dir, store.clock)
    assert len(fresh.load_day(DAY).tasks) == 20 + added
    fresh.update_day(DAY, lambda d: d.set_status("t0", "done", store.clock.now()))
    assert fresh.check() == []


def test_a_day_over_the_table_limit_is_refused_and_the_file_stays(store: Store) -> None:
    store.update_day(DAY, lambda d: d.with_task(task(0)))
    before = store.day_path(DAY).read_bytes()
    big = Day(date=DAY, zone="Europe/Berlin", tasks=tuple(task(n) for n in range(tomlfile.MAX_TABLES + 1)))
    with pytest.raises(SaveError, match=f"more than {tomlfile.MAX_TABLES} tables"):
        store.save_day(big)
    assert store.day_path(DAY).read_bytes() == before


def test_a_day_at_the_task_limit_saves_and_reads_back(store: Store) -> None:
    at_limit = Day(date=DAY, zone="Europe/Berlin", tasks=tuple(task(n) for n in range(tomlfile.MAX_TABLES - 1)))
    saved = store.save_day(at_limit)
    assert Store(store.data_dir, store.clock).load_day(DAY) == saved


def test_done_in_local_mean_time_is_saved_in_utc_and_undone_works(data_dir: Path) -> None:
    # Berlin before 1893 is local mean time, +00:53:28: TOML cannot write an offset with seconds.
    at = datetime(2, 1, 1, 12, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert at.utcoffset() is not None and at.utcoffset().seconds % 60  # type: ignore[union-attr]
    clock = FrozenClock(at, "Europe/Berlin")
    store = Store(data_dir, clock).open()
    day = date(2, 1, 1)
    done = store.update_day(day, lambda d: d.set_status("wake-0530", "done", clock.now()))
    assert done.task("wake-0530").done_at == at and done.task("wake-0530").done_at.utcoffset().total_seconds() == 0
    assert "done_at = 0002-01-01 12:00:00+00:00" in store.day_path(day).read_text()
    fresh = Store(data_dir, clock)
    assert fresh.load_day(day) == done
    undone = fresh.update_day(day, lambda d: d.set_status("wake-0530", "todo", clock.now()))
    assert undone.task("wake-0530").done_at is None


def test_state_that_would_not_read_back_is_refused(store: Store) -> None:
    lmt = datetime(2, 1, 1, 12, 53, 28, tzinfo=ZoneInfo("Europe/Berlin"))
    with pytest.raises(SaveError, match="not saved, the file on disk is unchanged"):
        store.write_state("fired", {"at": lmt})
    assert not store.state_path("fired").exists()


def test_gate_refuses_bytes_that_read_back_as_something_else(tmp_path: Path) -> None:
    day = Day(date=DAY, zone="Europe/Berlin", tasks=(task(1),))
    other = Day(date=DAY, zone="Europe/Berlin", tasks=(task(2),))
    with pytest.raises(SaveError, match="reads back differently"):
        tomlfile.gate(tmp_path / "x.toml", codec.day_to_toml(other).encode(), day, codec.day_from_toml)


# --- property: for any sequence of accepted changes, every file on disk reads back equal ------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
_titles = st.one_of(
    _text.filter(lambda s: s.strip() != ""),
    st.just("T" * TITLE_MAX),
    st.just("é\t\"\"\"\n" * (TITLE_MAX // 6)),
)
_notes = st.one_of(st.just(""), _text, st.just("N" * NOTE_MAX), st.just("''' \\ \r\n" * (NOTE_MAX // 9)))
_change = st.one_of(
    st.tuples(st.just("add"), _titles, _notes, st.integers(0, 23), st.integers(0, 59)),
    st.tuples(st.just("toggle"), st.integers(0, 200)),
    st.tuples(st.just("remove"), st.integers(0, 200)),
    st.tuples(st.just("bulk"), st.integers(1, 40), _notes),
)


def _apply(day: Day, change: tuple[object, ...], now: datetime) -> Day:
    kind = change[0]
    if kind == "add":
        _, title, note, hour, minute = change
        return day.with_task(Task(id=day.new_task_id(), title=str(title), note=str(note),
                                  start=time(int(hour), int(minute))))  # type: ignore[call-overload]
    if kind == "bulk":
        _, count, note = change
        for _ in range(int(count)):  # type: ignore[call-overload]
            day = day.with_task(Task(id=day.new_task_id(), title="bulk", note=str(note), start=time(9, 0)))
        return day
    if not day.tasks:
        return day
    target = day.tasks[int(change[1]) % len(day.tasks)]  # type: ignore[call-overload]
    if kind == "toggle":
        return day.toggle(target.id, now)
    return day.without_task(target.id)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(changes=st.lists(_change, min_size=1, max_size=12))
def test_every_file_on_disk_reads_back_as_the_last_accepted_change(
        tmp_path_factory: pytest.TempPathFactory, clock: FrozenClock, changes: list[tuple[object, ...]]) -> None:
    data_dir = tmp_path_factory.mktemp("gate") / "data"
    store = Store(data_dir, clock).open()
    expected: Day | None = None
    for change in changes:
        before = store.day_path(DAY).read_bytes() if store.day_path(DAY).exists() else None
        try:
            expected = store.update_day(DAY, lambda d, c=change: _apply(d, c, clock.now()))
        except SaveError:
            after = store.day_path(DAY).read_bytes() if store.day_path(DAY).exists() else None
            assert after == before, "a refused save changed the file"
        # Whatever is on disk reads back, within the limits, as the last accepted day.
        if store.day_path(DAY).exists():
            fresh = Store(data_dir, clock)
            assert fresh.load_day(DAY) == expected
            assert fresh.check() == []


@pytest.mark.parametrize("ref", ["\u0661", "\uff11", "\u00b9"])
def test_a_position_in_other_than_ascii_digits_is_not_a_position(store: Store, ref: str) -> None:
    with pytest.raises(KeyError):
        store.load_day(DAY).resolve(ref)
