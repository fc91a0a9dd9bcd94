"""A seeded monkey: 5,000 random key presses into the TUI, then the disk must equal the app.

Five sessions of 1,000 keys, each with its own seed (SMM_TORTURE_SEED + n)
and its own temporary data dir, so a failure names one seed and replays
alone: `SMM_TORTURE_SEED=<base> pytest tests/torture/test_tui_monkey.py -k
'session-<n>'`. The key sequence and the clock moves are drawn before the
session starts, so they do not depend on timing.

The keys: every default key of the command table (ui/commands.py) except q,
Textual's own (ctrl+p palette, tab, ctrl+s), escape, enter, arrows,
backspace, printable characters and digits - so forms, the help, the
palette, the filter, the export and snooze dialogs open and get typed into.
q and ctrl+q come rarely; when one quits the app, a new app starts on the
same data dir and the count goes on. Keys go in batches of 1 to 4 sent back
to back (see BATCH_SIZES). Every ~120 keys the frozen clock moves
(minutes to hours, sometimes back an hour) and the app's clock tick and
reminder check run.

What must hold: no exception in the app; whenever a session ends (quit or
the last key) the day the app holds equals what a fresh Store reads; at the
end every file is sound (harness.assert_store_sound: parses, no temp files,
backups valid, 0600/0700) and `smm-tui check` exits 0.
"""

from __future__ import annotations

import os
import random
import string
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import harness
import pytest
from harness import assert_store_sound
from tui import assert_app_matches_disk, crashed, deliver, exited, new_app, settle

from smm_tui.core.clock import FrozenClock
from smm_tui.ui.commands import all_commands

pytestmark = pytest.mark.torture

SESSIONS = 5
KEYS_PER_SESSION = 1000
QUIT_KEYS = ("q", "ctrl+q")
BINDING_KEYS = tuple(sorted({key for command in all_commands() for key in command.keys.split(",") if key}
                            - set(QUIT_KEYS)))
EXTRA_KEYS = ("escape", "escape", "enter", "enter", "tab", "shift+tab", "up", "down", "left", "right",
              "backspace", "ctrl+p", "ctrl+s", "home", "end", "delete")
PRINTABLE = tuple(ch for ch in string.ascii_letters + string.punctuation + " " if ch != "q")
CLOCK_STEPS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=20), timedelta(hours=1),
               timedelta(hours=3), timedelta(hours=-1))

TOTALS: dict[str, float] = {"keys": 0, "restarts": 0, "clock moves": 0, "seconds": 0.0}


SIZES = ((80, 24), (120, 40), (80, 24), (100, 30), (80, 24))
"""Terminal size per session: narrow (details as a popup, compact footer) and wide layouts."""
BATCH_SIZES = (1, 1, 1, 2, 3, 4)
"""Keys sent back to back before the app catches up: one (a careful typist) or a few (typing
outrunning the app, a held key) - the queued case found the double-dismiss bugs."""


def plan(seed: int, count: int) -> list[tuple[tuple[str, ...], timedelta | None]]:
    """The session's keys in batches, each with the clock move to make before it (None: none)."""
    rng = random.Random(seed)
    keys: list[str] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.003:
            keys.append(rng.choice(QUIT_KEYS))
        elif roll < 0.42:
            keys.append(rng.choice(BINDING_KEYS))
        elif roll < 0.64:
            keys.append(rng.choice(EXTRA_KEYS))
        elif roll < 0.92:
            keys.append(rng.choice(PRINTABLE))
        else:
            keys.append(rng.choice(string.digits))
    out: list[tuple[tuple[str, ...], timedelta | None]] = []
    at = 0
    while at < count:
        size = rng.choice(BATCH_SIZES)
        move = rng.choice(CLOCK_STEPS) if rng.random() < 1 / 60 else None
        out.append((tuple(keys[at:at + size]), move))
        at += size
    return out


@pytest.mark.parametrize("session", range(SESSIONS), ids=[f"session-{n}" for n in range(SESSIONS)])
async def test_monkey_keys_leave_the_disk_equal_to_the_app(
    session: int, data_dir: Path, config_path: Path, clock: FrozenClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed = harness.SEED + session
    where = f"monkey session {session} (SMM_TORTURE_SEED={harness.SEED}, session seed {seed})"
    exports = tmp_path / "exports"
    exports.mkdir()
    monkeypatch.chdir(exports)  # the export dialog's default folder: never the developer's cwd
    steps = plan(seed, KEYS_PER_SESSION)
    delivered = batches = restarts = moves = 0
    started = time.perf_counter()
    while batches < len(steps):
        app = new_app(data_dir, config_path, clock)
        try:
            async with app.run_test(size=SIZES[session]) as pilot:
                while batches < len(steps) and not exited(app):
                    keys, move = steps[batches]
                    if move is not None:
                        clock.advance(move)
                        moves += 1
                        app.tick()
                        if app.reminders is not None:
                            app.reminders.check()
                    await deliver(pilot, *keys)
                    batches += 1
                    delivered += len(keys)
                    if crashed(app) is not None:
                        break
                await settle(pilot)
                assert crashed(app) is None
                assert not app.state or not app.state.problem, f"{where}: {app.state.problem}"
                assert_app_matches_disk(app, data_dir, clock, f"{where}, after key {delivered}")
        except BaseException as exc:
            recent = " | ".join(" ".join(keys) for keys, _ in steps[max(0, batches - 8):batches + 1])
            exc.add_note(f"{where}: failed at key {delivered} of {KEYS_PER_SESSION} (batch {batches}); "
                         f"the last batches: {recent}")
            raise
        if exited(app) and batches < len(steps):
            restarts += 1
    elapsed = time.perf_counter() - started
    assert delivered == KEYS_PER_SESSION
    assert_store_sound(data_dir, clock)
    check = subprocess.run(harness.cli_argv("--data-dir", str(data_dir), "check"), capture_output=True, text=True,
                           timeout=60, env=dict(os.environ, SMM_TUI_NOW=clock.now().isoformat()))
    assert check.returncode == 0, f"{where}: smm-tui check: {check.stdout}{check.stderr}"
    files = sorted(p.name for p in (data_dir / "days").glob("*.toml")) if (data_dir / "days").exists() else []
    print(f"{where}: {delivered} keys delivered at {SIZES[session][0]}x{SIZES[session][1]}, {restarts} restarts after q, "
          f"{moves} clock moves, "
          f"{len(files)} day files, {elapsed:.1f} s")
    TOTALS["keys"] += delivered
    TOTALS["restarts"] += restarts
    TOTALS["clock moves"] += moves
    TOTALS["seconds"] += elapsed
    harness.report("tui/monkey", seed=harness.SEED, sessions=f"{session + 1}/{SESSIONS}",
                   keys_delivered=int(TOTALS["keys"]), restarts_after_quit=int(TOTALS["restarts"]),
                   clock_moves=int(TOTALS["clock moves"]), seconds=f"{TOTALS['seconds']:.1f}",
                   ms_per_key=f"{TOTALS['seconds'] / TOTALS['keys'] * 1000:.1f}")
