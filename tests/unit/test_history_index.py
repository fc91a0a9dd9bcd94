"""The history index answers exactly what the day files say, also after edits behind its back."""

from __future__ import annotations

import math
import os
import sqlite3
import stat
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_tui.core.clock import FrozenClock
from smm_tui.core.codec import day_to_toml
from smm_tui.core.errors import DataError
from smm_tui.core.index import SCHEMA_VERSION, HistoryIndex, index_path
from smm_tui.core.models import WEEKDAYS, Day, Task
from smm_tui.core.stats import cadence, counts_by, lateness, search, slot_figures, total
from smm_tui.core.store import Store
from smm_tui.core.timeline import Counts, build

FIRST = date(2026, 11, 2)
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
KINDS = ("checkin", "monitor", "reply", "publish")
PLATFORMS = ("x", "email", "blog")
WORDS = ("post", "Review", "reply", "ÜBER", "café", "100%", "a_b")


# --- the reference: the same figures computed straight from the files -------------------------


def reference_days(store: Store, first: date, last: date) -> list[Day]:
    days = []
    for path in store.day_files():
        when = date.fromisoformat(path.stem)
        if first <= when <= last:
            try:
                days.append(store.load_day(when))
            except DataError:
                continue
    return days


def ascii_lower(text: str) -> str:
    """What SQLite's LIKE folds: A-Z only."""
    return text.translate({c: c + 32 for c in range(65, 91)})


def reference_counts(days: list[Day], now: datetime, by: str) -> dict[str, Counts]:
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for day in days:
        timeline = build(day)
        for entry in timeline.entries:
            if by == "kind":
                keys = [entry.kind]
            elif by == "platform":
                keys = list(entry.platforms) or ["(none)"]
            elif by == "weekday":
                keys = [WEEKDAYS[day.date.weekday()]]
            elif by == "slot":
                keys = [entry.slot or "(added)"]
            else:
                keys = ["all"]
            for key in keys:
                tally[key]["planned"] += 1
                tally[key][timeline.state(entry, now)] += 1  # the one definition every view uses
    return {k: Counts(c["planned"], c["done"], c["skipped"], c["overdue"], c["missed"]) for k, c in tally.items()}


def reference_lateness(days: list[Day]) -> dict[str, tuple[int, int, list[float]]]:
    out: dict[str, tuple[int, int, list[float]]] = {}
    for day in days:
        for e in build(day).entries:
            if e.status == "done" and e.done_at is not None:
                done, inside, values = out.get(e.kind, (0, 0, []))
                values.append((e.done_at - e.starts_at).total_seconds() / 60)
                out[e.kind] = (done + 1, inside + (e.starts_at <= e.done_at <= e.ends_at), values)
    return out


# --- random histories -------------------------------------------------------------------------

task_strategy = st.builds(
    lambda n, kind, start, minutes, platforms, status, late, slot, word: Task(
        id=f"t{n}", title=f"{word} {n}", start=start, minutes=minutes, kind=kind, platforms=platforms,
        status=status, slot=slot, note=word if n % 3 == 0 else "",
        done_at=(NOW - timedelta(minutes=late)) if status == "done" else None),
    st.integers(0, 10_000), st.sampled_from(KINDS), st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    st.sampled_from([0, 15, 30, 120]), st.lists(st.sampled_from(PLATFORMS), unique=True, max_size=2).map(tuple),
    st.sampled_from(["todo", "done", "skipped"]), st.integers(-600, 30_000), st.sampled_from([None, "watch", "pin"]),
    st.sampled_from(WORDS),
)


def day_strategy(offset: int) -> st.SearchStrategy[Day]:
    when = FIRST + timedelta(days=offset)
    return st.lists(task_strategy, max_size=6, unique_by=lambda t: t.id).map(
        lambda tasks: Day(date=when, zone="Europe/Berlin", tasks=tuple(tasks)))


EDITS = ("rewrite", "same-size-same-mtime", "delete", "break", "touch")


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Day], list[tuple[str, Day]]]:
    offsets = draw(st.lists(st.integers(0, 20), unique=True, min_size=1, max_size=6))
    days = [draw(day_strategy(o)) for o in offsets]
    edits = [(draw(st.sampled_from(EDITS)), draw(day_strategy((d.date - FIRST).days))) for d in days
             if draw(st.booleans())]
    return days, edits


def edit_behind_its_back(store: Store, what: str, new: Day) -> None:
    path = store.day_path(new.date)
    if not path.exists():
        return
    old = path.stat()
    if what == "rewrite":
        path.write_text(day_to_toml(new))
    elif what == "same-size-same-mtime":
        data = path.read_bytes()
        swapped = data.replace(b'status = "todo"', b'status = "skip"', 1)  # invalid, same length
        if swapped == data:
            swapped = data.replace(b"minutes = 1", b"minutes = 2", 1)
        path.write_bytes(swapped)
        os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    elif what == "delete":
        path.unlink()
    elif what == "break":
        path.write_text("this is [ not toml\n")
    else:
        os.utime(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories())
def test_stats_from_the_index_equal_stats_from_the_files(tmp_path_factory: pytest.TempPathFactory,
                                                          history: tuple[list[Day], list[tuple[str, Day]]]) -> None:
    days, edits = history
    data_dir = tmp_path_factory.mktemp("data")
    store = Store(data_dir, FrozenClock(NOW, "Europe/Berlin")).open()
    half = len(days) // 2
    for day in days[:half]:  # saved before the index exists
        store.save_day(day)
    index = HistoryIndex(data_dir)
    index.refresh()
    for day in days[half:]:  # saved with the index there: the store updates it
        store.save_day(day)
    for what, new in edits:
        edit_behind_its_back(store, what, new)
    index.refresh()
    first, last = FIRST, FIRST + timedelta(days=20)
    files = reference_days(Store(data_dir, FrozenClock(NOW, "Europe/Berlin")), first, last)
    for by in ("kind", "platform", "weekday", "slot"):
        assert counts_by(index.db, first, last, NOW, by) == reference_counts(files, NOW, by), by
    assert total(index.db, first, last, NOW) == reference_counts(files, NOW, "all").get("all", Counts(0, 0, 0))
    late = lateness(index.db, first, last)
    expected = reference_lateness(files)
    assert {k: (v.done, v.inside_slot) for k, v in late.items()} == {k: v[:2] for k, v in expected.items()}
    for kind, (_, _, values) in expected.items():
        values.sort()
        assert late[kind].median_minutes == pytest.approx(round(
            values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2,
            1), abs=0.051)
        assert late[kind].p90_minutes == pytest.approx(values[math.ceil(0.9 * len(values)) - 1], abs=0.051)
    busiest, most_skipped = slot_figures(index.db, first, last)
    per_slot: dict[str, list[int]] = {}
    for d in files:
        for t in d.tasks:
            if t.slot:
                acc = per_slot.setdefault(t.slot, [0, 0, 0])
                acc[0] += 1
                acc[1] += t.minutes
                acc[2] += t.status == "skipped"
    assert {(b.slot, b.planned, b.minutes, b.skipped) for b in busiest} == {
        (k, *v) for k, v in sorted(per_slot.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:5]}
    assert {s.slot for s in most_skipped} == {k for k, v in per_slot.items() if v[2]}
    rounds = {(d.date, e.slot): [0, 0] for d in files for e in build(d).entries if e.slot}
    for d in files:
        for e in build(d).entries:
            if e.slot:
                rounds[(d.date, e.slot)][0] += 1
                rounds[(d.date, e.slot)][1] += e.status == "done"
    kept = {slot: sum(v[1] for (_, s), v in rounds.items() if s == slot and v[0] > 1)
            for slot in {s for (_, s), v in rounds.items() if v[0] > 1}}
    assert {s: c.rounds_kept for s, c in cadence(index.db, first, last).items()} == kept
    for word in ("post", "über", "ÜBER", "100%", "a_b", "X"):
        found = {(h.date, h.id) for h in search(index.db, word, limit=10_000)}
        assert found == {(d.date, t.id) for d in files for t in d.tasks
                         if any(ascii_lower(word) in ascii_lower(text) for text in (t.title, t.note, *t.platforms))}
    index.close()


def test_search_is_newest_first_and_filters(store: Store, clock: FrozenClock) -> None:
    for offset in range(3):
        when = date(2026, 11, 20) + timedelta(days=offset)
        store.update_day(when, lambda d, o=offset: d.with_task(
            Task(id=f"r{o}", title=f"Recap post {o}", start=time(9 + o), kind="publish", platforms=("blog",))))
    index = HistoryIndex(store.data_dir)
    index.refresh()
    hits = search(index.db, "RECAP")
    assert [h.id for h in hits] == ["r2", "r1", "r0"]
    assert [h.id for h in search(index.db, "recap", first=date(2026, 11, 21), last=date(2026, 11, 21))] == ["r1"]
    assert search(index.db, "recap", kind="reply") == []
    assert [h.id for h in search(index.db, "blog", platform="BLOG", status="open", limit=1)] == ["r2"]
    assert search(index.db, "%") == [] and search(index.db, "_") == []


def test_a_corrupt_index_is_rebuilt_silently(store: Store, clock: FrozenClock) -> None:
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now()))
    path = index_path(store.data_dir)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"not a database at all" * 100)
    index = HistoryIndex(store.data_dir)
    assert index.refresh().read == 1
    assert not index.in_memory and stat.S_IMODE(path.stat().st_mode) == 0o600
    index.close()


def test_an_index_of_another_schema_version_is_rebuilt(store: Store, clock: FrozenClock) -> None:
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now()))
    HistoryIndex(store.data_dir).refresh()
    db = sqlite3.connect(index_path(store.data_dir))
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    index = HistoryIndex(store.data_dir)
    assert index.refresh().read == 1
    assert index.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_no_place_for_an_index_answers_from_memory(store: Store, clock: FrozenClock) -> None:
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now()))
    path = index_path(store.data_dir)
    path.parent.mkdir(exist_ok=True)
    os.mkfifo(path, 0o600)  # never opened: a FIFO would block
    index = HistoryIndex(store.data_dir)
    assert index.refresh().read == 1 and index.in_memory
    assert stat.S_ISFIFO(path.lstat().st_mode)


def test_the_store_keeps_an_existing_index_in_step(store: Store, clock: FrozenClock) -> None:
    index = HistoryIndex(store.data_dir)
    index.refresh()
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now()))
    assert index.refresh().read == 0  # the save recorded it: nothing to re-read
    assert [h.status for h in search(index.db, "Wake up")] == ["done"]


def test_a_broken_day_is_reported_not_counted(store: Store, clock: FrozenClock) -> None:
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now()))
    store.day_path(date(2026, 11, 27)).write_text("date = 2026-11-27\nzone = 'Nowhere/Else'\n")
    refreshed = HistoryIndex(store.data_dir).refresh()
    assert len(refreshed.problems) == 1 and "2026-11-27.toml" in str(refreshed.problems[0])


def test_saves_from_other_threads_keep_the_index_in_step(store: Store, clock: FrozenClock) -> None:
    """The app saves from worker threads; the index connection must follow them, never fail the save."""
    import threading

    HistoryIndex(store.data_dir).refresh()
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now()))  # opens the connection here
    errors: list[BaseException] = []

    def save() -> None:
        try:
            store.update_day(date(2026, 11, 26), lambda d: d.toggle("lunch-1200", clock.now()))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=save)
    worker.start()
    worker.join()
    assert not errors and store._index is not None
    index = HistoryIndex(store.data_dir)
    assert index.refresh().read == 0  # the worker's save was recorded, not left for a re-read
    assert [h.status for h in search(index.db, "Lunch")] == ["done"]


def test_streaks_count_days_in_a_row_and_today_does_not_break_them(store: Store, clock: FrozenClock) -> None:
    from smm_tui.core.stats import streaks

    now = clock.now()
    for offset in (1, 2, 3, 5, 6):  # the 20th..22nd, then the 24th and 25th done; the 23rd has no file
        store.update_day(date(2026, 11, 19) + timedelta(days=offset), lambda d: d.toggle("wake-0530", now))
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("lunch-1200", now))  # today: wake still open
    index = HistoryIndex(store.data_dir)
    index.refresh()
    found = streaks(index.db, date(2026, 11, 20), date(2026, 11, 30), today=date(2026, 11, 26))
    assert (found["wake"].longest, found["wake"].current) == (3, 2)
    assert (found["lunch"].longest, found["lunch"].current) == (1, 1)
    assert found["wake"].label == "morning check"
