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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from smm_tui.core.errors import DataError, SmmError
from smm_tui.core.history import AddTask, DeleteTask, History, Operation, SetFields, SetStatus, Step, Toggle
from smm_tui.core.text import printable

if TYPE_CHECKING:
    from smm_tui.core.models import Day
    from smm_tui.core.store import Store

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

    def undo(self) -> Outcome:
        return self._step(redo=False)

    def redo(self) -> Outcome:
        return self._step(redo=True)

    def _step(self, *, redo: bool) -> Outcome:
        if not (self.history.can_redo() if redo else self.history.can_undo()):
            return Outcome(False, f"Nothing to {'redo' if redo else 'undo'}.")

        def apply(step: Step) -> Operation:
            inverses: list[Operation] = []

            def change(current: Day) -> Day:
                new, inverse = step.operation.apply(current)
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
