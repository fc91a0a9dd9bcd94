"""Undo and redo as inverse operations applied by task id.

Why operations and not snapshots of the whole day: the day file can change
under us (an editor, `smm-tui done` in another terminal). Restoring an old
copy of the day would silently throw those changes away. Each operation here
is applied to the freshest on-disk day inside `Store.update_day` and touches
only its own task (and for edits only the fields that were edited), so undo
merges with outside changes exactly like any other change.

Applying an operation returns the new day and the operation that reverses it,
so undo and redo are the same mechanism run in opposite directions. Nothing
here imports textual; the app only drives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from smm_tui.core.models import Day, Status, Task

LEVELS = 200
"""How many steps are kept in each direction."""


class Operation(Protocol):
    """One reversible change to one task."""

    @property
    def label(self) -> str:
        """The title of the task it touches, for "Undone: ..." notifications."""
        ...

    def apply(self, day: Day) -> tuple[Day, Operation]:
        """The changed day and the operation that undoes this one (KeyError: task is gone)."""
        ...


def _fields(task: Task, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(task, name) for name in names}


@dataclass(frozen=True)
class AddTask:
    """Put a whole task into the day (new, or back after a delete)."""

    task: Task
    label: str = ""

    def apply(self, day: Day) -> tuple[Day, Operation]:
        return day.with_task(self.task), DeleteTask(self.task.id, label=self.task.title)


@dataclass(frozen=True)
class DeleteTask:
    task_id: str
    label: str = ""

    def apply(self, day: Day) -> tuple[Day, Operation]:
        removed = day.task(self.task_id)
        return day.without_task(self.task_id), AddTask(removed, label=removed.title)


@dataclass(frozen=True)
class SetFields:
    """Change some fields of one task; the inverse restores exactly those fields."""

    task_id: str
    values: dict[str, Any]
    label: str = ""

    def apply(self, day: Day) -> tuple[Day, Operation]:
        task = day.task(self.task_id)
        before = _fields(task, tuple(self.values))
        changed = task.edited(**self.values)
        return day.replace_task(changed), SetFields(self.task_id, before, label=task.title)


@dataclass(frozen=True)
class SetStatus:
    """Mark a task done / open / skipped; `done_at` follows the status.

    A task that already has the status is left alone (a done task keeps its
    `done_at`, e.g. when a reminder's "done" comes after the tick).
    """

    task_id: str
    status: Status
    now: datetime
    label: str = ""

    def apply(self, day: Day) -> tuple[Day, Operation]:
        task = day.task(self.task_id)
        before = _fields(task, ("status", "done_at"))
        if task.status == self.status:
            return day, SetFields(self.task_id, {}, label=task.title)
        changed = task.marked(self.status, self.now)
        return day.replace_task(changed), SetFields(self.task_id, before, label=task.title)


@dataclass(frozen=True)
class Toggle:
    """Done <-> open, decided on the freshest state (what the file says now)."""

    task_id: str
    now: datetime
    label: str = ""

    def apply(self, day: Day) -> tuple[Day, Operation]:
        status: Status = "todo" if day.task(self.task_id).status == "done" else "done"
        return SetStatus(self.task_id, status, self.now).apply(day)


@dataclass(frozen=True)
class Batch:
    """Several operations on one day as one change (retiming several tasks; undone together)."""

    operations: tuple[Operation, ...]
    label: str = ""

    def apply(self, day: Day) -> tuple[Day, Operation]:
        inverses: list[Operation] = []
        for operation in self.operations:
            day, inverse = operation.apply(day)
            inverses.append(inverse)
        return day, Batch(tuple(reversed(inverses)), label=self.label)


@dataclass(frozen=True)
class MoveTasks:
    """Tasks leaving `source` for `target`: a step over two days (Store.move_tasks), not an Operation.

    `starts` gives each task its start on arrival (None: keep its time). Its
    inverse, made by the controller from what the move did, moves the tasks
    back under the ids they arrived with and to the times they had.
    """

    source: date
    target: date
    task_ids: tuple[str, ...]
    starts: tuple[time | None, ...]
    label: str = ""
    arrive_as: tuple[str, ...] = ()
    """The ids the tasks take on arrival when free there (an undo gives the task its old id back)."""


@dataclass(frozen=True)
class Step:
    """One entry of the history: an operation waiting to be applied to a date (a move: its target)."""

    day: date
    operation: Operation | MoveTasks


@dataclass
class History:
    """Undo and redo stacks of inverse operations, across days."""

    levels: int = LEVELS
    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)

    def record(self, day: date, inverse: Operation | MoveTasks) -> None:
        """A new change was made: remember how to undo it; the redo branch is gone."""
        self.undo_stack.append(Step(day, inverse))
        del self.undo_stack[: -self.levels]
        self.redo_stack.clear()

    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def run(self, *, redo: bool, apply: Callable[[Step], Operation | MoveTasks]) -> Step:
        """Apply the next undo (or redo) step with `apply`, move its inverse to the other stack.

        `apply` performs the step through the store and returns the inverse; if it
        raises, the step stays where it was (a failed save can be retried), except
        for KeyError - the task no longer exists, so the step can never apply and is
        dropped before the error propagates.
        """
        source, target = (self.redo_stack, self.undo_stack) if redo else (self.undo_stack, self.redo_stack)
        step = source[-1]
        try:
            inverse = apply(step)
        except KeyError:
            source.pop()
            raise
        source.pop()
        target.append(Step(inverse.target if isinstance(inverse, MoveTasks) else step.day, inverse))
        del target[: -self.levels]
        return step
