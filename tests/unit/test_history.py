"""Undo/redo operations: inverses applied by task id, so they merge with outside changes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.history import AddTask, DeleteTask, History, SetFields, SetStatus, Step, Toggle
from smm_tui.core.models import Day, Task

NOW = datetime(2026, 11, 26, 9, 10, tzinfo=ZoneInfo("Europe/Berlin"))
DAY = date(2026, 11, 26)


def day() -> Day:
    return Day(date=DAY, zone="Europe/Berlin", tasks=(
        Task(id="a", title="A", start=time(9)), Task(id="b", title="B", start=time(10), status="done", done_at=NOW),
    ))


def test_toggle_and_its_inverse_restore_status_and_done_at() -> None:
    start = day()
    done, inverse = Toggle("a", NOW).apply(start)
    assert done.task("a").status == "done" and done.task("a").done_at == NOW
    back, again = inverse.apply(done)
    assert back == start
    assert again.apply(back)[0] == done


def test_inverse_of_edit_touches_only_the_edited_fields() -> None:
    edited, inverse = SetFields("a", {"title": "New A", "minutes": 45}).apply(day())
    # Meanwhile someone else ticks the task: undo must keep that.
    elsewhere = edited.set_status("a", "done", NOW)
    undone, _ = inverse.apply(elsewhere)
    assert undone.task("a").title == "A" and undone.task("a").minutes == 30
    assert undone.task("a").status == "done"


def test_delete_and_add_are_inverses() -> None:
    gone, restore = DeleteTask("b").apply(day())
    assert [t.id for t in gone.tasks] == ["a"]
    back, delete_again = restore.apply(gone)
    assert back.task("b") == day().task("b")
    assert delete_again.apply(back)[0] == gone


def test_operation_on_a_vanished_task_raises_key_error() -> None:
    with pytest.raises(KeyError):
        SetStatus("zzz", "skipped", NOW).apply(day())


def test_history_moves_steps_between_stacks_and_drops_impossible_ones() -> None:
    history = History(levels=3)
    current = day()
    for op in (Toggle("a", NOW), SetStatus("b", "skipped", NOW), DeleteTask("a"), AddTask(Task(id="c", title="C", start=time(11)))):
        current, inverse = op.apply(current)
        history.record(DAY, inverse)
    assert len(history.undo_stack) == 3, "levels are capped"

    def apply(step: Step):  # type: ignore[no-untyped-def]
        nonlocal current
        current, inverse = step.operation.apply(current)
        return inverse

    history.run(redo=False, apply=apply)  # undo add c
    assert "c" not in {t.id for t in current.tasks} and history.can_redo()
    history.run(redo=True, apply=apply)   # redo add c
    assert "c" in {t.id for t in current.tasks}
    current = current.without_task("c")   # an outside delete: the next undo cannot apply
    with pytest.raises(KeyError):
        history.run(redo=False, apply=apply)
    assert len(history.undo_stack) == 2, "the impossible step is dropped"


def test_failed_apply_keeps_the_step_for_a_retry() -> None:
    history = History()
    history.record(DAY, Toggle("a", NOW))

    def fail(step: Step):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    with pytest.raises(OSError):
        history.run(redo=False, apply=fail)
    assert history.can_undo() and not history.can_redo()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["toggle-a", "toggle-b", "skip-a", "edit-b", "delete-b", "add-c"]), max_size=12))
def test_undoing_everything_restores_the_start(moves: list[str]) -> None:
    history = History()
    current = start = day()
    for move in moves:
        ids = {t.id for t in current.tasks}
        op = {
            "toggle-a": Toggle("a", NOW), "toggle-b": Toggle("b", NOW), "skip-a": SetStatus("a", "skipped", NOW),
            "edit-b": SetFields("b", {"title": "edited", "minutes": 5}), "delete-b": DeleteTask("b"),
            "add-c": AddTask(Task(id="c", title="C", start=time(11))),
        }[move]
        if (move.endswith("-b") and "b" not in ids) or (move == "add-c" and "c" in ids):
            continue
        current, inverse = op.apply(current)
        history.record(DAY, inverse)

    def apply(step: Step):  # type: ignore[no-untyped-def]
        nonlocal current
        current, inverse = step.operation.apply(current)
        return inverse

    while history.can_undo():
        history.run(redo=False, apply=apply)
    assert sorted(current.tasks, key=lambda t: t.id) == sorted(start.tasks, key=lambda t: t.id)
