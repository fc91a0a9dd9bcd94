"""The change controller without Textual: change, undo, redo, and a change meeting an outside one."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time

from smm_tui.core.changes import ChangeController
from smm_tui.core.clock import FrozenClock
from smm_tui.core.history import AddTask, DeleteTask, SetFields, Toggle
from smm_tui.core.models import Task
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)
FIRST = "wake-0530"


def test_a_change_is_on_disk_described_and_undoable(store: Store, clock: FrozenClock) -> None:
    controller = ChangeController(store)
    outcome = controller.apply(DAY, Toggle(FIRST, clock.now()))
    assert outcome.saved and outcome.reload and outcome.day == DAY
    assert outcome.message.startswith("Done: ")
    assert store.load_day(DAY).task(FIRST).status == "done"
    assert controller.history.can_undo() and not controller.history.can_redo()


def test_undo_and_redo_run_through_the_store(store: Store, clock: FrozenClock) -> None:
    controller = ChangeController(store)
    controller.apply(DAY, SetFields(FIRST, {"title": "Renamed"}, label="Wake up"))
    undone = controller.undo()
    assert undone.saved and undone.day == DAY and undone.message.startswith("Undone: ")
    assert store.load_day(DAY).task(FIRST).title != "Renamed"
    redone = controller.redo()
    assert redone.saved and redone.message.startswith("Redone: ")
    assert store.load_day(DAY).task(FIRST).title == "Renamed"
    assert not controller.redo().saved, "nothing left to redo"
    assert controller.redo().message == "Nothing to redo."


def test_undo_across_days_names_the_day_it_changed(store: Store, clock: FrozenClock) -> None:
    controller = ChangeController(store)
    other = date(2026, 11, 27)
    controller.apply(other, DeleteTask(FIRST))
    outcome = controller.undo()
    assert outcome.saved and outcome.day == other
    assert store.load_day(other).task(FIRST).id == FIRST


def test_a_new_task_asks_for_the_cursor(store: Store) -> None:
    controller = ChangeController(store)
    task = Task(id="t-new", title="Extra post", start=time(11, 5))
    outcome = controller.apply(DAY, AddTask(task, label=task.title))
    assert outcome.saved and outcome.select == "t-new" and outcome.message == "Added 11:05 Extra post"


def test_a_change_on_a_task_deleted_outside_is_refused_and_asks_for_a_reload(
    store: Store, clock: FrozenClock
) -> None:
    controller = ChangeController(store)
    other_process = Store(store.data_dir, clock).open()
    other_process.update_day(DAY, lambda day: day.without_task(FIRST))
    outcome = controller.apply(DAY, Toggle(FIRST, clock.now()))
    assert not outcome.saved and outcome.reload and outcome.severity == "warning"
    assert "no longer in the day file" in outcome.message
    assert not controller.history.can_undo(), "nothing was recorded"


def test_undo_merges_with_an_outside_change_to_the_same_task(store: Store, clock: FrozenClock) -> None:
    controller = ChangeController(store)
    controller.apply(DAY, SetFields(FIRST, {"title": "Renamed"}, label="Wake up"))
    other_process = Store(store.data_dir, clock).open()
    other_process.update_day(DAY, lambda day: day.toggle(FIRST, clock.now()))  # `smm-tui done` meanwhile
    assert controller.undo().saved
    task = store.load_day(DAY).task(FIRST)
    assert task.title != "Renamed" and task.status == "done", "undo restores the title only"


def test_undo_of_a_step_whose_task_vanished_is_dropped(store: Store, clock: FrozenClock) -> None:
    controller = ChangeController(store)
    controller.apply(DAY, Toggle(FIRST, clock.now()))
    Store(store.data_dir, clock).open().update_day(DAY, lambda day: day.without_task(FIRST))
    outcome = controller.undo()
    assert not outcome.saved and outcome.reload
    assert not controller.history.can_undo(), "a step that can never apply again is dropped"


def test_the_controller_runs_without_textual() -> None:
    code = "import sys, smm_tui.core.changes; assert 'textual' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
