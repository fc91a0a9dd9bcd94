"""A save killed at any step while the history index is kept in step: the index still tells the truth.

The store records every save in the index after the day file is in place. A
kill between the two (or inside SQLite's own write) leaves an index row that
is older than the file, or a half-written WAL frame; the next refresh must
notice the file's new stat and re-read it, and SQLite must recover its last
commit. After every kill the index's rows for the day equal the rows built
from the file itself.
"""

from __future__ import annotations

import random
from datetime import date, time
from pathlib import Path

import harness
import pytest
from harness import assert_store_sound, run_and_kill

from smm_tui.core.clock import FrozenClock
from smm_tui.core.index import HistoryIndex, day_rows
from smm_tui.core.models import Task
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture

DAY = date(2026, 11, 26)


def test_sigkill_during_a_save_that_updates_the_index(data_dir: Path, clock: FrozenClock) -> None:
    rng = random.Random(harness.SEED + 4)
    store = Store(data_dir, clock, settle=0).open()
    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    HistoryIndex(data_dir).refresh()
    serial = 0

    def saver() -> object:
        task = Task(id=f"k{serial}", title=f"Killed save {serial}", start=time(rng.randrange(24), 0))
        fresh = Store(data_dir, clock, settle=0).open()
        return fresh.update_day(DAY, lambda d: d.with_task(task).toggle("lunch-1200", clock.now()))

    # SQLite writes from C, out of the tracer's sight: steps stop the saver between the traced
    # calls (one of them right before the index update), timed kills land inside SQLite too.
    full = run_and_kill(saver, data_dir)
    steps = len(full.events) + 1
    window = full.times[-1]
    kills = stale = 0
    plan: list[dict[str, float | int | bool]] = [{"stop_at": k} for k in range(1, steps + 1)]
    plan += [{"delay": rng.uniform(0, window * 1.2), "after_write_start": True} for _ in range(60)]
    for kill in plan:
        serial += 1
        trial = run_and_kill(saver, data_dir, **kill)  # type: ignore[arg-type]
        kills += trial.killed
        assert_store_sound(data_dir, clock)
        index = HistoryIndex(data_dir)
        refreshed = index.refresh()
        stale += refreshed.read
        on_file = day_rows(Store(data_dir, clock).load_day(DAY))
        in_index = index.db.execute("SELECT * FROM tasks WHERE date = ? ORDER BY pos", (DAY.isoformat(),)).fetchall()
        assert in_index == on_file, f"{kill}: the index disagrees with the file"
        assert not index.in_memory
        index.close()
    harness.report("crash/index", trials=len(plan), killed=kills, stale_rows_reread=stale)
    assert kills >= steps // 2 and stale > 0
