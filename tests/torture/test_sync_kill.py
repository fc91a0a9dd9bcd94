"""SIGKILL of `smm-tui sync` at random moments, against a real Radicale.

After every kill the data dir must be sound (every day file and backup
valid, no temp file left once a store opens) and the sync status file must
read back; after all trials, two good syncs must leave both sides with the
same tasks, each once, and nothing more to do.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import harness
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # the Radicale and phone helpers

from sync_helpers import Phone, Radicale, local_uids, start_radicale, write_config

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.core.sync import status as status_file

pytestmark = pytest.mark.torture

TRIALS = 12
DAY = date(2026, 11, 26)
FUTURE_DAYS = 2  # write_config's future_days: a round covers today and the two days after


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    with start_radicale(tmp_path_factory.mktemp("radicale")) as server:
        yield server


def test_sigkill_during_sync_leaves_both_sides_whole(
    radicale: Radicale, data_dir: Path, config_path: Path, clock: FrozenClock,
) -> None:
    url = radicale.new_collection()
    write_config(config_path, url, timeout=5)
    env = dict(os.environ, SMM_TUI_NOW=clock.now().isoformat())
    argv = harness.cli_argv("sync")
    store = Store(data_dir, clock).open()
    phone = Phone(url)
    rng = random.Random(harness.SEED)
    routine = store.routine_path.read_bytes()

    started = time.monotonic()
    calibration = harness.spawn_traced(argv, data_dir, env=env)
    full = time.monotonic() - started
    assert calibration.status == 0, calibration.output
    started = time.monotonic()
    assert harness.spawn_traced(argv, data_dir, env=env).status == 0
    quiet = time.monotonic() - started  # a round with little to do: most trials are like this
    phases: dict[str, int] = {}
    killed = 0
    for trial in range(TRIALS):
        # Something to do on both sides, so that kills land in pushes, pulls and status saves.
        day = DAY + timedelta(days=rng.randrange(FUTURE_DAYS + 1))
        tasks = store.load_day(day).ordered()
        pick = tasks[rng.randrange(len(tasks))]
        store.update_day(day, lambda d, t=pick: d.toggle(t.id, clock.now()))
        remote = sorted(phone.todos())
        if remote:
            phone.tick(remote[rng.randrange(len(remote))], at=datetime(2026, 11, 26, 9, trial, tzinfo=UTC))
        if trial % 4 == 0:  # a fresh pairing now and then: the first-sync path is killed too
            (data_dir / "state" / "sync.toml").unlink(missing_ok=True)
        if trial % 2:  # from the first file change: lands in local writes and status saves
            result = harness.spawn_traced(argv, data_dir, env=env, delay=rng.uniform(0, 0.03), after_write_start=True)
        else:
            result = harness.spawn_traced(argv, data_dir, env=env, delay=rng.uniform(0.05, quiet))
        killed += result.killed
        phases[result.phase] = phases.get(result.phase, 0) + 1
        harness.assert_store_sound(data_dir, clock, routine=routine)
        status_file.from_document(store.read_state(status_file.NAME), url)  # parses, whatever moment it died

    for _round in range(2):
        final = harness.spawn_traced(argv, data_dir, env=env)
        assert final.status == 0, final.output
    last = harness.spawn_traced(argv, data_dir, env=env)
    assert last.output.strip().startswith("pushed 0, pulled 0, conflicts 0"), last.output
    uids = local_uids(store)
    assert len(uids) == len(set(uids)), "duplicates here"
    assert sorted(phone.todos()) == sorted(uids), "the two sides differ"
    phone.close()
    harness.report("sync SIGKILL (smm-tui sync against Radicale)", trials=TRIALS, killed=killed,
                   **{f"phase_{k}": v for k, v in sorted(phases.items())}, converged="yes", duplicates=0,
                   full_sync_s=round(full, 2))
