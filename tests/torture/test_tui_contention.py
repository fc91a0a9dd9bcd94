"""Two writers with the TUI: the app and `smm-tui done` at once, and two apps on one data dir.

The design (docs/files.md, Store.update_day): every change - a tick in the
app, `smm-tui done` in a shell - takes the data dir's flock for its
read-modify-write only, re-reads the day file under it and applies its own
per-task change function to what is there. Nobody writes a copy of the day
they loaded earlier, so interleaved writers keep each other's changes; the
app's 1 s poll then shows what the others did.
"""

from __future__ import annotations

import os
import subprocess
import time
from datetime import time as wall
from pathlib import Path

import harness
import pytest
from tui import SIZE, assert_app_matches_disk, crashed, day_of, new_app, settle

from helpers.pilot import timeline_text, until
from smm_tui.core.clock import FrozenClock
from smm_tui.core.history import AddTask, DeleteTask, SetFields, SetStatus
from smm_tui.core.models import Task
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture


def line_of(app: object, title: str) -> str:
    return next(line for line in timeline_text(app).splitlines() if title[:30] in line)  # type: ignore[arg-type]


async def test_app_ticks_while_smm_tui_done_runs_in_other_processes(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    """Three `smm-tui done` processes started together with the app's own ticks: all six land,
    on disk and - after the app's poll - on screen."""
    store = Store(data_dir, clock).open()
    day = clock.now().date()
    tasks = store.load_day(day).ordered()
    cli_ids = [t.id for t in tasks[0:6:2]]
    app_ids = [t.id for t in tasks[1:6:2]]
    env = dict(os.environ, SMM_TUI_NOW=clock.now().isoformat())
    app = new_app(data_dir, config_path, clock)
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        procs = [subprocess.Popen(harness.cli_argv("--data-dir", str(data_dir), "done", task_id),
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for task_id in cli_ids]
        # In-app ticks, round and round, for as long as the CLI processes run (start, read, write).
        toggles = dict.fromkeys(app_ids, 0)
        while any(p.poll() is None for p in procs) or not all(toggles.values()):
            task_id = app_ids[sum(toggles.values()) % len(app_ids)]
            app.toggle(task_id)
            toggles[task_id] += 1
            await pilot.pause(0.01)  # let the app breathe (timers, redraw) between ticks
        outputs = [p.communicate() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outputs
        expected = {t: "done" if n % 2 else "todo" for t, n in toggles.items()} | dict.fromkeys(cli_ids, "done")
        await until(pilot, lambda: all(app.state.model.task(t).status == status  # type: ignore[union-attr]
                                       for t, status in expected.items()), "the app showed every change", 5)
        await settle(pilot)
        for task_id, status in expected.items():
            shown = line_of(app, app.state.model.task(task_id).title)  # type: ignore[union-attr]
            assert ("[x]" in shown) == (status == "done"), shown
        assert_app_matches_disk(app, data_dir, clock, "app and smm-tui done")
        assert crashed(app) is None
    on_disk = day_of(data_dir, clock, day)
    assert {t.id: t.status for t in on_disk.tasks if t.id in expected} == expected
    assert {t.id for t in on_disk.tasks if t.status == "done"} == {t for t, s in expected.items() if s == "done"}
    harness.assert_store_sound(data_dir, clock)
    harness.report("tui/two-writers", app_ticks=sum(toggles.values()), cli_done=len(cli_ids),
                   seconds=f"{time.perf_counter() - started:.1f}")


async def test_two_apps_on_one_data_dir_keep_each_others_changes(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    """Two SmmApp instances (each its own Store, like two terminals) change different tasks in
    turn without polling in between: nothing is lost, and after a poll both show the file."""
    Store(data_dir, clock).open()
    day = clock.now().date()
    ids = [t.id for t in day_of(data_dir, clock, day).ordered()]
    first, second = new_app(data_dir, config_path, clock), new_app(data_dir, config_path, clock)
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        # Neither polls: each acts on a day it loaded before the other's changes.
        first.toggle(ids[0])
        second.toggle(ids[1])
        first.apply_operation(SetStatus(ids[2], "skipped", clock.now()))  # what s does
        second.apply_operation(AddTask(Task(id="from-two", title="added by the second app", start=wall(11, 5))))
        first.apply_operation(SetFields(ids[3], {"title": "renamed by the first app"}))
        second.apply_operation(DeleteTask(ids[4]))  # what d does
        first.apply_operation(AddTask(Task(id="from-one", title="added by the first app", start=wall(12, 5))))
        second.toggle(ids[5])
        first.undo()  # undoes only the first app's last change (its add), nothing of the second's
        await one.pause(0)
        await two.pause(0)
        on_disk = day_of(data_dir, clock, day)
        by_id = {t.id: t for t in on_disk.tasks}
        assert by_id[ids[0]].status == "done" and by_id[ids[1]].status == "done"
        assert by_id[ids[2]].status == "skipped" and by_id[ids[5]].status == "done"
        assert by_id[ids[3]].title == "renamed by the first app"
        assert ids[4] not in by_id and "from-two" in by_id and "from-one" not in by_id
        for app, pilot in ((first, one), (second, two)):
            app.poll_outside_changes()  # what each one's 1 s timer calls
            await settle(pilot)
            assert crashed(app) is None
            assert_app_matches_disk(app, data_dir, clock, f"app {1 if app is first else 2}")
        assert "renamed by the first app" in timeline_text(second)
        assert "added by the second app" in timeline_text(first)
    harness.assert_store_sound(data_dir, clock)
