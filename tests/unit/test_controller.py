"""The change controller without Textual: change, undo, redo, and a change meeting an outside one."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time

from smm_tui.core.changes import ChangeController
from smm_tui.core.clock import FrozenClock
from smm_tui.core.history import AddTask, DeleteTask, MoveTasks, SetFields, Toggle
from smm_tui.core.models import Day, Task
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


# --- moves between days: one change over two files, one undo step ----------------------------

NEXT = date(2026, 11, 27)


def test_a_move_is_one_undo_step_spanning_both_days(store: Store) -> None:
    controller = ChangeController(store)
    before = store.load_day(DAY).task(FIRST)
    outcome = controller.move(DAY, NEXT, (FIRST,))
    assert outcome.saved and outcome.reload and outcome.day == NEXT and not outcome.follow
    assert outcome.message == f"Moved '{before.title}' to Fri 27 Nov"
    assert FIRST not in {t.id for t in store.load_day(DAY).tasks}
    arrived = [t for t in store.load_day(NEXT).tasks if t.title == before.title and t.id != FIRST]
    assert len(arrived) == 1, "the routine's own occurrence is there too: the moved one got a fresh id"
    assert len(controller.history.undo_stack) == 1

    undone = controller.undo()
    assert undone.saved and undone.follow and undone.day == DAY, "undo shows the day the task went back to"
    assert store.load_day(DAY).task(FIRST) == before, "back on its old day, at its old time, with its old id"
    assert arrived[0].id not in {t.id for t in store.load_day(NEXT).tasks}

    redone = controller.redo()
    assert redone.saved and redone.follow and redone.day == NEXT
    assert FIRST not in {t.id for t in store.load_day(DAY).tasks}
    assert any(t.title == before.title and t.id != FIRST for t in store.load_day(NEXT).tasks)
    assert not store.journal_path.exists()


def test_a_move_with_a_time_and_its_undo_restore_the_old_time(store: Store) -> None:
    controller = ChangeController(store)
    task = Task(id="t-recap", title="Recap post", start=time(16, 0))
    store.update_day(DAY, lambda day: day.with_task(task))
    outcome = controller.move(DAY, NEXT, ("t-recap",), at=time(10, 30))
    assert outcome.message == "Moved 'Recap post' to Fri 27 Nov 10:30"
    assert store.load_day(NEXT).task("t-recap").start == time(10, 30)
    controller.undo()
    assert store.load_day(DAY).task("t-recap") == task
    assert "t-recap" not in {t.id for t in store.load_day(NEXT).tasks}


def test_several_tasks_move_as_one_step(store: Store) -> None:
    controller = ChangeController(store)
    extra = [Task(id=f"t-{n}", title=f"Extra {n}", start=time(12, n)) for n in range(3)]
    store.update_day(DAY, lambda day: day.model_copy(update={"tasks": (*day.tasks, *extra)}))
    outcome = controller.move(DAY, NEXT, tuple(t.id for t in extra))
    assert outcome.message == "Moved 3 tasks to Fri 27 Nov"
    assert {t.id for t in extra} <= {t.id for t in store.load_day(NEXT).tasks}
    assert controller.undo().saved
    assert {t.id for t in extra} <= {t.id for t in store.load_day(DAY).tasks}
    assert not {t.id for t in extra} & {t.id for t in store.load_day(NEXT).tasks}


def test_a_move_on_the_same_day_is_a_new_time(store: Store) -> None:
    controller = ChangeController(store)
    old = store.load_day(DAY).task(FIRST).start
    outcome = controller.move(DAY, DAY, (FIRST,), at=time(6, 45))
    assert outcome.saved and outcome.message.endswith("to 06:45")
    assert store.load_day(DAY).task(FIRST).start == time(6, 45)
    controller.undo()
    assert store.load_day(DAY).task(FIRST).start == old
    assert not controller.move(DAY, DAY, (FIRST,)).saved, "the same day without a time is no move"


def test_a_move_places_each_task_where_place_says(store: Store) -> None:
    controller = ChangeController(store)
    seen: list[int] = []

    def place(day: Day, task: Task) -> time:
        seen.append(len(day.tasks))
        return time(21, 0)

    outcome = controller.move(DAY, NEXT, (FIRST,), place=place)
    assert outcome.saved and outcome.message.endswith("to Fri 27 Nov 21:00")
    assert any(t.start == time(21, 0) and t.slot is not None for t in store.load_day(NEXT).tasks)
    assert seen == [len(store.load_day(NEXT).tasks) - 1], "placed on the freshest target day"


def test_a_move_of_a_task_gone_meanwhile_changes_nothing(store: Store, clock: FrozenClock) -> None:
    controller = ChangeController(store)
    Store(store.data_dir, clock).open().update_day(DAY, lambda day: day.without_task(FIRST))
    outcome = controller.move(DAY, NEXT, (FIRST,))
    assert not outcome.saved and "no longer in the day file" in outcome.message
    assert not store.day_path(NEXT).exists() and not controller.history.can_undo()


def test_an_undone_move_whose_task_vanished_is_dropped(store: Store, clock: FrozenClock) -> None:
    controller = ChangeController(store)
    controller.move(DAY, NEXT, (FIRST,))
    step = controller.history.undo_stack[-1]
    assert isinstance(step.operation, MoveTasks) and step.day == DAY
    moved_id = step.operation.task_ids[0]
    Store(store.data_dir, clock).open().update_day(NEXT, lambda day: day.without_task(moved_id))
    outcome = controller.undo()
    assert not outcome.saved and not controller.history.can_undo()


def test_a_task_named_twice_moves_once(store: Store) -> None:
    controller = ChangeController(store)
    task = Task(id="t-once", title="Once", start=time(16, 0))
    store.update_day(DAY, lambda day: day.with_task(task))
    assert controller.move(DAY, NEXT, ("t-once", "t-once")).message == "Moved 'Once' to Fri 27 Nov"
    assert [t.id for t in store.load_day(NEXT).tasks].count("t-once") == 1
    assert sum(t.title == "Once" for t in store.load_day(NEXT).tasks) == 1
