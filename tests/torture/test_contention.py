"""Two (and more) writers without a UI: no update lost, no file clobbered, a clear busy message.

The design under test (docs/files.md): each change takes an exclusive flock
on <data dir>/.lock for its read-modify-write only and re-reads the day file
under it, so concurrent writers serialise and each applies its change to
what the previous one saved.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import date
from datetime import time as wall
from pathlib import Path

import harness
import pytest
from harness import assert_store_sound, run_concurrently, tree_snapshot

from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import StoreBusy
from smm_tui.core.models import Task
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture

DAY = date(2026, 11, 26)
WRITERS = 4
CHANGES = 30


def test_concurrent_update_day_loses_nothing(data_dir: Path, clock: FrozenClock) -> None:
    """4 processes x 30 changes on the same day (adds, toggles, notes): every change is there."""
    store = Store(data_dir, clock).open()
    routine_ids = [t.id for t in store.load_day(DAY).tasks]
    own = {w: routine_ids[w::WRITERS] for w in range(WRITERS)}  # each writer toggles its own tasks

    def writer(w: int) -> None:
        mine = Store(data_dir, clock)  # a separate process with its own store
        for k in range(CHANGES):
            if k % 3 == 2:
                task_id = own[w][(k // 3) % len(own[w])]
                mine.update_day(DAY, lambda d, t=task_id: d.toggle(t, clock.now()))
            else:
                task = Task(id=f"w{w}-{k}", title=f"writer {w} change {k}", start=wall(w + 8, k))
                mine.update_day(DAY, lambda d, t=task: d.with_task(t))

    started = time.perf_counter()
    codes = run_concurrently([lambda w=w: writer(w) for w in range(WRITERS)])
    elapsed = time.perf_counter() - started
    assert codes == [0] * WRITERS

    final = Store(data_dir, clock).load_day(DAY)
    ids = {t.id for t in final.tasks}
    expected_adds = {f"w{w}-{k}" for w in range(WRITERS) for k in range(CHANGES) if k % 3 != 2}
    assert expected_adds <= ids, f"lost adds: {sorted(expected_adds - ids)}"
    for w in range(WRITERS):
        toggles: dict[str, int] = {}
        for k in range(CHANGES):
            if k % 3 == 2:
                task_id = own[w][(k // 3) % len(own[w])]
                toggles[task_id] = toggles.get(task_id, 0) + 1
        for task_id, count in toggles.items():
            expected = "done" if count % 2 else "todo"
            assert final.task(task_id).status == expected, f"lost toggle of {task_id} by writer {w}"
    untouched = set(routine_ids) - {t for w in range(WRITERS) for t in own[w][: (CHANGES // 3)]}
    assert all(final.task(t).status == "todo" for t in untouched)
    assert_store_sound(data_dir, clock)
    harness.report("contention/update_day", writers=WRITERS, changes=WRITERS * CHANGES,
                   seconds=f"{elapsed:.2f}", per_change_ms=f"{elapsed / (WRITERS * CHANGES) * 1000:.1f}")


def test_parallel_cli_adds_all_land(data_dir: Path, clock: FrozenClock) -> None:
    """12 `smm-tui add` processes started together: all exit 0 and every printed id is in the file."""
    Store(data_dir, clock).open()
    env = dict(os.environ, SMM_TUI_NOW="2026-11-26T09:10:00+01:00")
    procs = [subprocess.Popen(harness.cli_argv("add", f"parallel {n}", "--at", f"{10 + n % 10}:{n:02d}",
                                               "--date", DAY.isoformat()),
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(12)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 12, [err for _, err in results]
    printed = {out.strip() for out, _ in results}
    final = Store(data_dir, clock).load_day(DAY)
    assert printed <= {t.id for t in final.tasks}
    assert {t.title for t in final.tasks if t.id in printed} == {f"parallel {n}" for n in range(12)}
    assert_store_sound(data_dir, clock)


def _hold_lock(data_dir: Path, release_fd: int, ready_fd: int) -> None:
    import filelock

    with filelock.FileLock(data_dir / ".lock"):
        os.write(ready_fd, b"x")
        os.read(release_fd, 1)  # until the parent closes its end


def test_lock_held_by_another_process_gives_store_busy(data_dir: Path, clock: FrozenClock) -> None:
    """A real second process holds the lock: the API raises StoreBusy, the CLI prints one line, exit 1."""
    store = Store(data_dir, clock).open()
    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    before = tree_snapshot(data_dir)
    release_read, release_write = os.pipe()
    ready_read, ready_write = os.pipe()
    holder = os.fork()
    if holder == 0:
        try:
            os.close(release_write)
            os.close(ready_read)
            _hold_lock(data_dir, release_read, ready_write)
        finally:
            os._exit(0)
    os.close(release_read)
    os.close(ready_write)
    try:
        assert os.read(ready_read, 1) == b"x"
        env = dict(os.environ, SMM_TUI_NOW="2026-11-26T09:10:00+01:00")
        cli = subprocess.Popen(harness.cli_argv("done", "news-0600", "--date", DAY.isoformat()), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        quick = Store(data_dir, clock, lock_timeout=0.3)
        started = time.perf_counter()
        with pytest.raises(StoreBusy) as info:
            quick.update_day(DAY, lambda d: d.toggle("news-0600", clock.now()))
        waited = time.perf_counter() - started
        assert str(info.value) == f"{data_dir}: another smm-tui process has been writing for over 0.3 s; try again"
        assert 0.3 <= waited < 2.0
        out, err = cli.communicate(timeout=60)
    finally:
        os.close(release_write)
        os.waitpid(holder, 0)
    assert cli.returncode == 1 and out == ""
    assert err == f"{data_dir}: another smm-tui process has been writing for over 5 s; try again\n"
    assert tree_snapshot(data_dir) == before
    # Released: the next writer gets through at once.
    assert Store(data_dir, clock).update_day(DAY, lambda d: d.toggle("news-0600", clock.now()))


def test_a_killed_lock_holder_does_not_block_the_next_writer(data_dir: Path, clock: FrozenClock) -> None:
    """flock dies with its process: no stale lock after SIGKILL (a PID file would need clean-up)."""
    store = Store(data_dir, clock).open()
    release_read, release_write = os.pipe()
    ready_read, ready_write = os.pipe()
    holder = os.fork()
    if holder == 0:
        try:
            os.close(ready_read)
            _hold_lock(data_dir, release_read, ready_write)
        finally:
            os._exit(0)
    os.close(ready_write)
    assert os.read(ready_read, 1) == b"x"
    os.kill(holder, signal.SIGKILL)
    os.waitpid(holder, 0)
    os.close(release_read)
    os.close(release_write)
    quick = Store(data_dir, clock, lock_timeout=0.5)
    assert quick.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now())).task("wake-0530").status == "done"
    assert store.load_day(DAY).task("wake-0530").status == "done"
