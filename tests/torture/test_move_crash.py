"""Crash during a move between two days: SIGKILL at every step of the two-file write and at random moments.

A move writes a journal, the target day, the source day, then deletes the
journal (core.moves). After every kill, the next open (harness.assert_store_sound
opens a Store, as the next start would) must leave the data dir sound and the
two days either both as before or both as after the move - so every moved task
is in exactly one of the two days, never lost, never in both. Some kills land
in the open that completes an interrupted move; the open after that must
still finish it.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

import harness
import pytest
from harness import MID, Trial, assert_store_sound, run_and_kill, write_window

from smm_tui.core.clock import FrozenClock
from smm_tui.core.codec import day_to_toml
from smm_tui.core.models import Day, Task
from smm_tui.core.moves import Move, plan_move
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture

DAY = date(2026, 11, 26)
OTHER = DAY + timedelta(days=1)
FRESH = DAY + timedelta(days=9)  # a day with no file: the move creates it
RANDOM_TRIALS = 1000


class MoveLedger:
    """The bytes of both days before and after each move, and the check after a kill."""

    def __init__(self, data_dir: Path, clock: FrozenClock) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.reader = Store(data_dir, clock)
        self.routine = self.reader.routine_path.read_bytes()
        self.stats: Counter[str] = Counter()

    def days(self, *dates: date) -> list[Day]:
        return [self.reader.load_day(d) for d in dates]

    def files(self, *dates: date) -> tuple[bytes | None, ...]:
        return tuple(p.read_bytes() if (p := self.reader.day_path(d)).exists() else None for d in dates)

    def verify(self, move: Move, before: tuple[bytes | None, ...], trial: Trial, what: str) -> None:
        source, target = move.source, move.target
        sound = assert_store_sound(self.data_dir, self.clock, routine=self.routine)
        self.stats["temps removed by open"] += sound.temps_removed
        assert not self.reader.journal_path.exists(), f"{what}: open() left the move journal"
        now = self.files(source, target)
        src, dst = self.days(source, target)
        after = (day_to_toml(move.out_of(src)).encode(), day_to_toml(move.into(dst)).encode())
        for m in move.tasks:
            in_source = any(t.id == m.source_id for t in src.tasks)
            in_target = any(t.id == m.task.id for t in dst.tasks)
            assert in_source != in_target, (
                f"{what}: task {m.source_id} is in {'both days' if in_source else 'neither day'} "
                f"(phase {trial.phase}, stopped before {trial.stopped_before!r}, events {trial.events[-5:]})")
        moved = now != before
        if moved:
            assert now == after, f"{what}: the days are in a state between before and after"
        if not trial.killed:
            assert moved, f"{what}: a move that finished changed nothing ({trial.status})"
        self.stats["trials"] += 1
        self.stats["killed"] += trial.killed
        self.stats[f"phase {trial.phase}"] += 1
        self.stats["ended moved"] += moved
        self.stats["journal left by the kill"] += trial.killed and "unlink move.journal.toml" not in trial.events


def make_move(rng: random.Random, ledger: MoveLedger, dates: tuple[date, date]) -> Move:
    """A random move of one to three tasks (deterministic: the child writes exactly this Move)."""
    source_date, target_date = dates if rng.random() < 0.5 else dates[::-1]
    source, target = ledger.days(source_date, target_date)
    if not source.tasks:
        source, target = target, source
    if not source.tasks:
        # Tasks only move among the three days, so when both of these are empty (a run of moves took
        # everything to the third) the third holds them: move from it. A move of nothing writes nothing,
        # which verify() rightly reports as "a move that finished changed nothing".
        (source,) = ledger.days(next(d for d in (DAY, OTHER, FRESH) if d not in dates))
    picks = rng.sample([t.id for t in source.tasks], k=min(len(source.tasks), rng.randint(1, 3)))
    start = time(rng.randrange(24), rng.randrange(0, 60, 5)) if rng.random() < 0.5 else None
    return plan_move(source, target, picks, start)


def test_sigkill_during_move(data_dir: Path, clock: FrozenClock) -> None:
    rng = random.Random(harness.SEED + 13)
    store = Store(data_dir, clock, settle=0).open()
    store.update_day(DAY, lambda d: d.with_task(Task(id="carry1", title="Draft the weekly report", start=time(17, 0))))
    ledger = MoveLedger(data_dir, clock)

    def mover(move: Move) -> Callable[[], object]:
        return lambda: Store(data_dir, clock, settle=0).open().move_tasks(move.source, move.target, lambda s, t: move)

    def recover() -> object:
        return Store(data_dir, clock, settle=0).open()

    def one(dates: tuple[date, date], **kill: float | int | bool | None) -> Trial:
        move = make_move(rng, ledger, dates)
        before = ledger.files(move.source, move.target)
        trial = run_and_kill(mover(move), data_dir, **kill)  # type: ignore[arg-type]
        assert trial.status in (0, -9), f"mover failed on its own: {trial.status}"
        if trial.killed and ledger.reader.journal_path.exists() and rng.random() < 0.5:
            # Kill the open that completes the move too, at a random step of its own.
            full = len(run_and_kill(lambda: None, data_dir).events) + 12
            again = run_and_kill(recover, data_dir, stop_at=rng.randint(1, full))
            ledger.stats["recoveries killed"] += again.killed
        ledger.verify(move, before, trial, f"trial {ledger.stats['trials'] + 1} ({kill})")
        return trial

    def calibrate(runs: int) -> tuple[float, float]:
        windows = [w for t in (one(pair) for _ in range(runs)) if (w := write_window(t)) is not None]
        return statistics.median(w[0] for w in windows), statistics.median(w[1] for w in windows)

    pair = (DAY, OTHER)
    for _ in range(4):
        one(pair)
    start, end = calibrate(8)

    # Right before every step of the write path, between two days with files and into a day without one.
    step_kills = 0
    for dates in (pair, (DAY, FRESH)):
        full = one(dates)
        for k in range(1, len(full.events) + 2):
            step_kills += one(dates, stop_at=k).killed
    assert step_kills >= len(full.events) // 2

    random_kills = 0
    for n in range(RANDOM_TRIALS):
        if n and n % 100 == 0:  # fsync latency drifts on a shared machine: measure a move again
            start, end = calibrate(3)
        dates = pair if n % 4 else (OTHER, FRESH)
        if rng.random() < 0.85:
            trial = one(dates, delay=rng.uniform(0, (end - start) * 1.1), after_write_start=True)
        else:
            trial = one(dates, delay=rng.uniform(0, end * 1.1))
        random_kills += trial.killed
    stats = ledger.stats
    harness.report(
        "crash/move", trials=stats["trials"], step_kills=step_kills, random_kills=random_kills,
        mid_write=stats[f"phase {MID}"], before_write=stats["phase before-write"],
        finished=stats["phase after-write"], ended_moved=stats["ended moved"],
        journal_left=stats["journal left by the kill"], recoveries_killed=stats["recoveries killed"],
        temps_removed=stats["temps removed by open"], window_ms=f"{start * 1000:.1f}-{end * 1000:.1f}",
    )
    assert stats[f"phase {MID}"] >= 0.3 * RANDOM_TRIALS, f"too few kills landed mid-write: {dict(stats)}"
    assert stats["journal left by the kill"] > 0 and stats["recoveries killed"] > 0


def test_a_random_move_moves_something_when_both_days_are_empty(data_dir: Path, clock: FrozenClock) -> None:
    store = Store(data_dir, clock, settle=0).open()
    store.update_day(DAY, lambda d: d.with_task(Task(id="carry1", title="Draft the weekly report", start=time(17, 0))))
    ledger = MoveLedger(data_dir, clock)
    for day in (OTHER, FRESH):  # empty both: every task of the three days is on DAY
        store.update_day(day, lambda d: d.model_copy(update={"tasks": ()}))
    rng = random.Random(7)
    for _ in range(20):
        move = make_move(rng, ledger, (OTHER, FRESH))
        assert move.tasks and move.source == DAY and move.target in (OTHER, FRESH)
