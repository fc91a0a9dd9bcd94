"""Crash during save: SIGKILL writers at random moments and at every step of the write path.

After every kill the data dir must be sound (harness.assert_store_sound: no
temp file survives the next open, every day file and backup parses and
validates, routine.toml untouched, modes private) and the day that was being
written must hold exactly the state before or the state after that write.
Every backup must be a version the day file really had.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

import harness
import pytest
from corpus import HOSTILE_TEXTS
from harness import MID, DayLedger, Trial, run_and_kill, spawn_traced, write_window

from smm_tui.core.clock import FrozenClock
from smm_tui.core.codec import day_to_toml
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture

DAY = date(2026, 11, 26)
FORK_TRIALS = 1000
CLI_TRIALS = 40

Change = Callable[[Day], Day]


def make_change(rng: random.Random, current: Day, serial: int, clock: FrozenClock) -> Change:
    """A random edit that changes `current` (so update_day writes), deterministic given its input."""
    added = [t.id for t in current.tasks if t.id.startswith("t-")]
    choice = rng.random()
    if choice < 0.45:
        task_id = rng.choice([t.id for t in current.tasks])
        return lambda d: d.toggle(task_id, clock.now())
    if choice < 0.75 or not added:
        task = Task(id=f"t-{serial}", title=rng.choice(HOSTILE_TEXTS), start=time(rng.randrange(24), rng.randrange(60)),
                    minutes=rng.randrange(0, 120), note=rng.choice(HOSTILE_TEXTS)[:200])
        if len(added) > 8:  # keep the file from growing without bound
            victim = rng.choice(added)
            return lambda d: d.without_task(victim).with_task(task)
        return lambda d: d.with_task(task)
    if choice < 0.9:
        victim = rng.choice(added)
        return lambda d: d.without_task(victim)
    note = f"{rng.choice(HOSTILE_TEXTS)} #{serial}"
    return lambda d: d.model_copy(update={"note": note})


def _windows(trials: list[Trial]) -> tuple[float, float]:
    windows = [w for t in trials if (w := write_window(t)) is not None]
    assert windows, "calibration runs never reached the write path"
    return statistics.median(w[0] for w in windows), statistics.median(w[1] for w in windows)


def test_sigkill_during_save_fork_trials(data_dir: Path, clock: FrozenClock) -> None:
    """>= 1000 writers in forked children (store already imported), killed at random moments."""
    rng = random.Random(harness.SEED)
    tui_store = Store(data_dir, clock, settle=0).open()  # a long-lived store, like the TUI's
    ledger = DayLedger(data_dir, clock)
    dates = [DAY, DAY + timedelta(days=1)]
    serial = 0

    def trial_action(day: date, change: Change, style: str) -> Callable[[], object]:
        if style == "cli":  # a fresh process: open (lock + temp clean-up), then one change
            # settle=0: trials start 10 ms apart, and waiting for the previous trial's file to be
            # 50 ms old (an outside-edit guard, before any write) would only slow them down.
            return lambda: Store(data_dir, clock, settle=0).open().update_day(day, change)
        def in_long_lived_store() -> object:
            # The child is a copy of a store that has been saving for a while (warm cache).
            # filelock refuses an instance inherited across fork, so give the copy its own.
            tui_store._lock_obj = None
            return tui_store.update_day(day, change)

        return in_long_lived_store

    def one(day: date, style: str, **kill: float | int | bool | None) -> Trial:
        nonlocal serial
        serial += 1
        current, before = ledger.state(day)
        change = make_change(rng, current, serial, clock)
        after = day_to_toml(change(current)).encode()
        trial = run_and_kill(trial_action(day, change, style), data_dir, **kill)  # type: ignore[arg-type]
        assert trial.status in (0, -9), f"writer failed on its own: {trial.status}"
        ledger.verify(day, before, after, trial, f"trial {serial} ({style}, {kill})")
        return trial

    # Warm up so that backups .1-.3 exist, then time unkilled saves of both styles.
    for _ in range(4):
        for day in dates:
            one(day, "cli")
    windows = {style: _windows([one(DAY, style) for _ in range(8)]) for style in ("cli", "tui")}

    # Deterministic kills right before every step of the write path, for both styles,
    # on a day with full backups and on a day that has no file yet.
    steps = 0
    for style in ("cli", "tui"):
        for day in (DAY, DAY + timedelta(days=30)):
            reference = run_and_kill(trial_action(day, lambda d: d, style), data_dir)  # no-op: lock + read only
            full = one(day, style)
            for k in range(1, len(full.events) + 1):
                trial = one(day, style, stop_at=k)
                steps += trial.killed
            assert reference.status == 0
            dates.append(day) if day not in dates else None

    # Random kills: mostly at a random moment within the measured duration of a save, counted
    # from the writer's first change to a file; some anywhere in the writer's life.
    random_kills = 0
    for n in range(FORK_TRIALS):
        if n and n % 100 == 0:  # fsync latency drifts during a run: measure the save again
            windows = {style: _windows([one(DAY, style) for _ in range(3)]) for style in ("cli", "tui")}
        style = rng.choice(("cli", "tui"))
        start, end = windows[style]
        if rng.random() < 0.85:
            one(rng.choice(dates), style, delay=rng.uniform(0, (end - start) * 1.1), after_write_start=True)
        else:
            one(rng.choice(dates), style, delay=rng.uniform(0, end * 1.1))
        random_kills += 1

    stats = ledger.stats
    harness.report(
        "crash/fork", trials=stats["trials"], random_kills=random_kills, step_kills=steps,
        killed=stats["killed"], mid_write=stats[f"phase {MID}"], before_write=stats["phase before-write"],
        finished=stats["phase after-write"], new_state=stats["ended with new state"],
        temps_removed=stats["temps removed by open"], max_temps_per_kill=stats["max temps left by one kill"],
        window_ms={s: f"{w[0] * 1000:.1f}-{w[1] * 1000:.1f}" for s, w in windows.items()},
    )
    assert random_kills >= FORK_TRIALS
    # Not a target, a guard against a degenerate run (typically 60-90 % land mid-write; a noisy
    # machine shortens or lengthens saves against the calibrated window).
    assert stats[f"phase {MID}"] >= 0.3 * random_kills, f"too few kills landed mid-write: {dict(stats)}"
    assert stats["max temps left by one kill"] <= 2


def test_sigkill_during_save_cli_trials(data_dir: Path, clock: FrozenClock) -> None:
    """Real `smm-tui done/undone/add` processes killed at random moments and inside the write path."""
    import os

    rng = random.Random(harness.SEED + 1)
    Store(data_dir, clock).open()
    ledger = DayLedger(data_dir, clock)
    env = dict(os.environ, SMM_TUI_NOW="2026-11-26T09:10:00+01:00", SMM_TUI_DATA_DIR=str(data_dir))
    cli_clock = FrozenClock(clock.now(), "Europe/Berlin")
    ids = [t.id for t in ledger.state(DAY)[0].tasks]

    def one(**kill: float | int | bool | None) -> Trial:
        current, before = ledger.state(DAY)
        task_id = rng.choice(ids)
        if rng.random() < 0.3:
            title = f"added {ledger.stats['trials']} {rng.choice(HOSTILE_TEXTS)[:100]}".replace("\x00", "")
            # --kind given: without it `add` says on stderr which kind it guessed, and the
            # output's last line would no longer be the new id.
            argv = harness.cli_argv("add", title, "--at", "10:15", "--kind", "checkin", "--date", DAY.isoformat())
            trial = spawn_traced(argv, data_dir, env=env, **kill)  # type: ignore[arg-type]
            added = trial.output.strip().splitlines()[-1] if trial.status == 0 else None
            new_id = added or "unknown"
            after_day = current.with_task(Task(id=new_id, title=title, start=time(10, 15))) if added else current
        else:
            status = "todo" if current.task(task_id).status == "done" else "done"
            argv = harness.cli_argv("done" if status == "done" else "undone", task_id, "--date", DAY.isoformat())
            trial = spawn_traced(argv, data_dir, env=env, **kill)  # type: ignore[arg-type]
            after_day = current.set_status(task_id, status, cli_clock.now())
        after = day_to_toml(after_day).encode()
        if trial.killed and argv[3] == "add":
            # The id is random and the process died before printing it: accept any single added task.
            on_disk = Store(data_dir, clock).load_day(DAY)
            extra = [t for t in on_disk.tasks if t.id not in {x.id for x in current.tasks}]
            if extra:
                after = day_to_toml(current.with_task(Task(id=extra[0].id, title=title, start=time(10, 15)))).encode()
        assert trial.status in (0, -9), trial.output
        ledger.verify(DAY, before, after, trial, f"cli {argv[3:]} {kill}")
        return trial

    for _ in range(4):
        one()
    calibration = [one() for _ in range(2)]
    start, end = _windows(calibration)
    events = calibration[-1].events
    first = next(i for i, e in enumerate(events) if harness.classify(events[: i + 1]) == MID)
    last = next(i for i in range(first, len(events)) if events[i].startswith("close .lock"))
    write_steps = list(range(first + 1, last + 2))  # stop_at counts from 1; up to the lock release
    for n in range(CLI_TRIALS):
        if n % 3 == 0:  # right before a random step of the write path
            one(stop_at=rng.choice(write_steps))
        elif n % 3 == 1:  # a random moment within the measured duration of the save
            one(delay=rng.uniform(0, (end - start) * 1.1), after_write_start=True)
        else:  # anywhere in the process's life (start-up, parsing, lock, write)
            one(delay=rng.uniform(0, calibration[-1].times[-1] * 1.2))
    stats = ledger.stats
    harness.report("crash/cli", trials=stats["trials"], killed=stats["killed"], mid_write=stats[f"phase {MID}"],
                   before_write=stats["phase before-write"], finished=stats["phase after-write"],
                   temps_removed=stats["temps removed by open"],
                   process_ms=f"{calibration[-1].times[-1] * 1000:.0f}",
                   write_window_ms=f"{start * 1000:.0f}-{end * 1000:.0f}")
    assert stats["killed"] >= CLI_TRIALS * 0.6
    assert stats[f"phase {MID}"] >= CLI_TRIALS // 3  # the stop_at third alone lands there every time
