"""Changes and undo without Textual: the one place a change to a day is applied.

The TUI turns a key into an operation (`core.history`: add, edit, delete,
toggle, skip) and hands it here; the controller applies it through
`Store.update_day` - on the freshest version of the file, under the store's
lock - records its inverse for undo, and answers with an `Outcome`: what to
tell the user in one line and what to show next. Nothing is kept in memory
that is not on disk, so a failed save changes nothing.

A change can meet an outside change (an editor, `smm-tui done` in another
terminal): the store applies operations by task id to what is on disk now,
so the two merge; when the task is gone the operation cannot apply (KeyError)
and the outcome says so and asks for a reload. Undo and redo are the same
mechanism run in the other direction, across days.

Unit-tested without Textual (tests/unit/test_controller.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from smm_tui.core.errors import DataError, SmmError
from smm_tui.core.history import (
    AddTask,
    Batch,
    DeleteTask,
    History,
    MoveTasks,
    Operation,
    SetFields,
    SetStatus,
    Step,
    Toggle,
)
from smm_tui.core.moves import Move, MovedTask, plan_move
from smm_tui.core.text import printable
from smm_tui.core.text import short_date as when

if TYPE_CHECKING:
    from smm_tui.core.models import Day, Task
    from smm_tui.core.store import Store

Place = Callable[["Day", "Task"], time]
"""Where a moving task starts in the target day as it is so far (the next free gap); ValueError: nowhere."""

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Outcome:
    """What a change did, for the one status line the UI shows."""

    saved: bool
    """True when the change (or undo/redo step) is on disk."""
    message: str
    """One line for the user (user text escaped)."""
    severity: Severity = "information"
    reload: bool = False
    """The day on disk is not what is on screen: read it again (after a save, or an outside change)."""
    day: date | None = None
    """The day the change touched (undo may touch another day than the one on screen)."""
    select: str | None = None
    """A task the cursor should move to (a task just added)."""
    long: bool = False
    """Worth a longer look (a save that failed for a reason in the file)."""
    follow: bool = False
    """Show `day` if it is not on screen (an undo or redo of a change made on another day)."""


class ChangeController:
    """Applies operations through the store and keeps their undo history.

    Args:
        store: The opened store (the only writer).
        history: The undo/redo stacks (a new one by default).
    """

    def __init__(self, store: Store, history: History | None = None) -> None:
        self.store = store
        self.history = history or History()

    def apply(self, day: date, operation: Operation) -> Outcome:
        """Apply one change to `day`, record its inverse, and describe the result."""
        results: list[tuple[Day, Day, Operation]] = []

        def change(current: Day) -> Day:
            new, inverse = operation.apply(current)
            results.append((current, new, inverse))
            return new

        failed = self._guarded(lambda: self.store.update_day(day, change))
        if failed is not None:
            return failed
        before, new, inverse = results[-1]
        if new != before:
            self.history.record(day, inverse)
        select = operation.task.id if isinstance(operation, AddTask) else None
        return Outcome(True, describe(operation, before, new), reload=True, day=day, select=select)

    def move(self, source: date, target: date, task_ids: tuple[str, ...], *, at: time | None = None,
             place: Place | None = None) -> Outcome:
        """Move tasks to another day (and/or time) as ONE change: one undo step spanning both days.

        `at` gives every task that start, `place` finds one per task on the
        freshest target day (the next free gap), None keeps each task's time.
        On the same day only a new time makes sense: the tasks are retimed.
        The outcome names the target but does not follow it (the user stays
        on the day they were looking at; undo and redo follow).
        """
        task_ids = tuple(dict.fromkeys(task_ids))  # each task once, in the order given
        if not task_ids:
            return Outcome(False, "Nothing to move.")
        if source == target:
            return self._retime(source, task_ids, at, place)
        spec = MoveTasks(source, target, task_ids, (at,) * len(task_ids))
        done: list[tuple[MoveTasks, Move]] = []
        failed = self._guarded(lambda: done.append(self._move(spec, place)))
        if failed is not None:
            return failed
        inverse, move = done[-1]
        if not inverse.task_ids:
            return Outcome(False, "Nothing to move.")
        self.history.record(inverse.target, inverse)
        new_time = move.tasks[0].task.start if len(move.tasks) == 1 and (at is not None or place is not None) else None
        return Outcome(True, f"Moved {printable(inverse.label)} to {when(target, new_time)}",
                       reload=True, day=target)

    def _retime(self, day: date, task_ids: tuple[str, ...], at: time | None, place: Place | None) -> Outcome:
        """A "move" within one day: new start times, one undo step (a Batch of edits)."""
        if at is None and place is None:
            return Outcome(False, f"Already on {when(day)}: give a time to move to.", "warning")
        starts: list[time] = []

        def edits(current: Day) -> Operation:
            starts.clear()
            operations: list[Operation] = []
            for task_id in task_ids:
                task = current.task(task_id)
                start = at if at is not None or place is None else place(current.without_task(task_id), task)
                if start is None:
                    raise ValueError("no time to move to")
                starts.append(start)
                operations.append(SetFields(task_id, {"start": start}, label=task.title))
            return Batch(tuple(operations), label=_names(current.task(i) for i in task_ids))

        results: list[tuple[Operation, Operation]] = []

        def change(current: Day) -> Day:
            operation = edits(current)
            new, inverse = operation.apply(current)
            results.append((operation, inverse))
            return new

        failed = self._guarded(lambda: self.store.update_day(day, change))
        if failed is not None:
            return failed
        operation, inverse = results[-1]
        self.history.record(day, inverse)
        label = printable(operation.label)
        return Outcome(True, f"Moved {label} to {starts[0]:%H:%M}" if len(starts) == 1 else
                       f"Moved {label} to {when(day)}", reload=True, day=day)

    def _move(self, spec: MoveTasks, place: Place | None) -> tuple[MoveTasks, Move]:
        """Run one two-day move through Store.move_tasks; answer the move that undoes it, and the move."""
        originals: list[Task] = []

        def plan(source_day: Day, target_day: Day) -> Move:
            originals.clear()
            arrived, tasks = target_day, list[MovedTask]()
            for task_id, at in zip(spec.task_ids, spec.starts, strict=True):
                task = source_day.task(task_id)  # KeyError: gone meanwhile (the outcome says so)
                part = plan_move(source_day, arrived, [task_id], at if place is None else place(arrived, task))
                old_id = spec.arrive_as[len(originals)] if spec.arrive_as else task_id
                if part.tasks[0].task.id != old_id and all(t.id != old_id for t in arrived.tasks):
                    renamed = part.tasks[0].model_copy(update={"task": part.tasks[0].task.model_copy(
                        update={"id": old_id})})
                    part = part.model_copy(update={"tasks": (renamed,)})
                originals.append(task)
                tasks.extend(part.tasks)
                arrived = part.into(arrived)
            return Move(source=spec.source, target=spec.target, tasks=tuple(tasks))

        move = self.store.move_tasks(spec.source, spec.target, plan)
        inverse = MoveTasks(spec.target, spec.source, tuple(m.task.id for m in move.tasks),
                            tuple(t.start for t in originals), label=_names(originals),
                            arrive_as=tuple(t.id for t in originals))
        return inverse, move

    def undo(self) -> Outcome:
        return self._step(redo=False)

    def redo(self) -> Outcome:
        return self._step(redo=True)

    def _step(self, *, redo: bool) -> Outcome:
        if not (self.history.can_redo() if redo else self.history.can_undo()):
            return Outcome(False, f"Nothing to {'redo' if redo else 'undo'}.")

        def apply(step: Step) -> Operation | MoveTasks:
            if isinstance(step.operation, MoveTasks):
                return self._move(step.operation, None)[0]
            operation = step.operation
            inverses: list[Operation] = []

            def change(current: Day) -> Day:
                new, inverse = operation.apply(current)
                inverses.append(inverse)
                return new

            self.store.update_day(step.day, change)
            return inverses[-1]

        done: list[Step] = []
        failed = self._guarded(lambda: done.append(self.history.run(redo=redo, apply=apply)))
        if failed is not None:
            return failed
        step = done[-1]
        label = printable(step.operation.label) or "last change"
        return Outcome(True, f"{'Redone' if redo else 'Undone'}: {label}", reload=True, day=step.day, follow=True)

    @staticmethod
    def _guarded(call: Callable[[], object]) -> Outcome | None:
        """Run a store write; on failure the outcome says why in one line (nothing in memory changed)."""
        try:
            call()
        except KeyError:
            return Outcome(False, "That task is no longer in the day file (changed outside?); reloaded.",
                           "warning", reload=True)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            return Outcome(False, f"Not saved: {first['msg']}", "error")
        except DataError as exc:
            return Outcome(False, f"Not saved: {exc.problems[0]}", "error", reload=True, long=True)
        except (SmmError, ValueError) as exc:
            return Outcome(False, f"Not saved: {exc}", "error", long=True)
        return None


def _names(tasks: Iterable[Task]) -> str:
    """'Title' for one task, "3 tasks" for several (user text escaped by the caller's printable)."""
    found = list(tasks)
    return f"'{found[0].title}'" if len(found) == 1 else f"{len(found)} tasks"


def describe(operation: Operation, before: Day, day: Day) -> str:
    """The status line for a saved change ("Done: ...", "Deleted: ... (u to undo)")."""
    if isinstance(operation, (Toggle, SetStatus)):
        task = day.task(operation.task_id)
        word = {"done": "Done", "todo": "Open again", "skipped": "Skipped"}[task.status]
        if day == before:
            word = f"Already {word.lower()}"
        return f"{word}: {printable(task.title)}"
    if isinstance(operation, AddTask):
        return f"Added {operation.task.start:%H:%M} {printable(operation.task.title)}"
    if isinstance(operation, DeleteTask):
        return f"Deleted: {printable(before.task(operation.task_id).title)} (u to undo)"
    if isinstance(operation, SetFields):
        return f"Saved: {printable(day.task(operation.task_id).title)}"
    return "Saved."
