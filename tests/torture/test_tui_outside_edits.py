"""Outside edits while the TUI runs: an editor rewriting the open day file, atomically or not.

The app polls the open day file (SmmApp.poll_outside_changes, every second)
and every change it makes goes through Store.update_day, which waits until
the file is settled (docs/files.md, "Outside edits"). So:
- an atomic rewrite (temp file + rename) shows up and the next tick applies
  on top of it;
- a file truncated and written in halves, with the app polling in between,
  is shown as a problem while broken (never saved over), and a change made
  while the editor still has it open waits for the editor: the final file
  is the editor's whole content plus the app's change.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from harness import assert_store_sound
from test_outside_edits import cut_at_table, editor_version
from tui import SIZE, assert_app_matches_disk, crashed, day_of, new_app, screen_lines, settle

from helpers.pilot import timeline_text
from smm_tui.core.clock import FrozenClock
from smm_tui.core.codec import day_from_toml
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture


def record_notes(app: object) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    real = app.notify  # type: ignore[attr-defined]

    def notify(message: str, **kwargs: object) -> None:
        seen.append((str(kwargs.get("severity", "information")), message))
        real(message, **kwargs)

    app.notify = notify  # type: ignore[attr-defined]
    return seen


async def test_atomic_rewrite_is_shown_and_the_next_tick_applies_on_top(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    store = Store(data_dir, clock).open()
    day = clock.now().date()
    base = store.update_day(day, lambda d: d.toggle("wake-0530", clock.now()))
    path = store.day_path(day)
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        renamed = base.replace_task(base.task("news-0600").edited(title="Renamed in the editor"))
        content = editor_version(renamed, 1)
        temp = path.with_name(".edit.tmp")
        temp.write_bytes(content)
        os.replace(temp, path)  # what vim (writebackup) and most editors do
        app.poll_outside_changes()
        await settle(pilot)
        assert "Renamed in the editor" in timeline_text(app)
        app.toggle("leads-0930")
        await settle(pilot)
        assert crashed(app) is None
        assert_app_matches_disk(app, data_dir, clock, "after an atomic rewrite")
    final = day_of(data_dir, clock, day)
    assert final.note == "edited by hand, version 1"
    assert final.task("news-0600").title == "Renamed in the editor"
    assert final.task("leads-0930").status == "done" and final.task("wake-0530").status == "done"


@pytest.mark.parametrize("cut", ["mid-line", "at-table"])
async def test_file_written_in_halves_is_shown_as_a_problem_or_waited_for_never_saved_half(
    data_dir: Path, config_path: Path, clock: FrozenClock, cut: str
) -> None:
    """Truncate, write the first half, let the app poll and try a tick, write the second half."""
    store = Store(data_dir, clock).open()
    day = clock.now().date()
    base = store.update_day(day, lambda d: d.toggle("wake-0530", clock.now()))
    path = store.day_path(day)
    content = editor_version(base, 2)
    at = cut_at_table(content, 0.5) + (12 if cut == "mid-line" else 0)
    half = content[:at]
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notes(app)
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        try:
            os.write(fd, half)
            app.poll_outside_changes()  # the app looks while the editor is half way
            await settle(pilot)
            assert crashed(app) is None
            if cut == "mid-line":
                assert app.state is not None and app.state.problem, "a broken file is shown as a problem"
                assert any(s == "error" and "\n" not in m for s, m in seen), seen
                assert "Nothing is saved to this day until the file is fixed" in "\n".join(screen_lines(app))
                app.toggle("leads-0930")  # refused: the file has a problem
                await settle(pilot)
                assert path.read_bytes() == half, "a broken file was saved over"
                assert any("has a problem" in m for _, m in seen)
            else:
                # The prefix parses as a shorter day: the app shows what is there, but a change
                # made now must wait for the editor (the file is still open for writing).
                assert len(day_from_toml(path, half).tasks) < len(base.tasks)
                pid = os.fork()
                if pid == 0:  # the editor finishes a little later, from another process
                    try:
                        time.sleep(0.3)
                        os.write(fd, content[at:])
                        os.close(fd)
                    finally:
                        os._exit(0)
                os.close(fd)
                fd = -1
                started = time.perf_counter()
                app.toggle("leads-0930")  # blocks in update_day until the editor is done
                waited = time.perf_counter() - started
                os.waitpid(pid, 0)
                assert waited >= 0.2, f"the save did not wait for the editor ({waited:.3f} s)"
        finally:
            if fd >= 0:
                os.write(fd, content[at:])
                os.close(fd)
        if cut == "mid-line":
            app.poll_outside_changes()  # the editor finished: the problem goes away
            await settle(pilot)
            assert not app.state.problem  # type: ignore[union-attr]
            app.toggle("leads-0930")
        await settle(pilot)
        app.poll_outside_changes()
        await settle(pilot)
        assert crashed(app) is None
        assert_app_matches_disk(app, data_dir, clock, f"after an edit in halves ({cut})")
    final = day_of(data_dir, clock, day)
    assert {t.id for t in final.tasks} == {t.id for t in base.tasks}, "tasks lost to a half-read file"
    assert final.note == "edited by hand, version 2"
    assert final.task("leads-0930").status == "done"
    assert final.model_copy(update={"tasks": tuple(t for t in final.tasks if t.id != "leads-0930")}) == \
        day_from_toml(path, content).model_copy(
            update={"tasks": tuple(t for t in day_from_toml(path, content).tasks if t.id != "leads-0930")})
    assert_store_sound(data_dir, clock)


async def test_editor_loop_while_the_app_polls_and_ticks(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    """An editor rewriting the file in random chunks (another process) while the app polls and
    ticks on its own timers: no crash, every save based on a whole file, the final file whole."""
    import random

    import harness

    rng = random.Random(harness.SEED + 6)
    store = Store(data_dir, clock).open()
    day = clock.now().date()
    base = store.update_day(day, lambda d: d.toggle("wake-0530", clock.now()))
    base_ids = {t.id for t in base.tasks}
    path = store.day_path(day)
    versions = [editor_version(base, n) for n in range(8)]
    plans = [(content, sorted({cut_at_table(content, rng.random() * 0.9) + rng.choice((0, 7))
                               for _ in range(rng.randrange(1, 3))}), rng.uniform(0.02, 0.1))
             for content in versions]
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notes(app)
        pid = os.fork()
        if pid == 0:
            try:
                for content, cuts, idle in plans:
                    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
                    start = 0
                    for at in cuts:
                        os.write(fd, content[start:at])
                        start = at
                        time.sleep(0.02)
                    os.write(fd, content[start:])
                    os.close(fd)
                    time.sleep(idle)
            finally:
                os._exit(0)
        ticks = problems = 0
        ids = sorted(base_ids - {"wake-0530"})
        try:
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                app.poll_outside_changes()
                problems += bool(app.state is not None and app.state.problem)
                app.toggle(ids[ticks % len(ids)])
                ticks += 1
                await pilot.pause(0.01)
                assert crashed(app) is None
        finally:
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        app.poll_outside_changes()
        await settle(pilot)
        assert crashed(app) is None
        assert not app.state.problem  # type: ignore[union-attr]
        assert_app_matches_disk(app, data_dir, clock, "after the editor loop")
    final = day_of(data_dir, clock, day)
    assert {t.id for t in final.tasks} == base_ids
    assert all("\n" not in m for s, m in seen if s == "error"), "errors are one line"
    assert_store_sound(data_dir, clock)
    harness.report("tui/outside-edits", editor_rewrites=len(plans), app_ticks=ticks, polls_showing_problem=problems)
