"""The requests screens send up to the app: Textual messages, handled by `SmmApp`.

Attributes flow down (the app sets what a screen shows), messages flow up
(a screen asks for a change and the app, which owns the store, decides).
Screens therefore never import the app; each message names what is asked,
and the operation a change carries is built where the key was pressed, from
what was on screen then: a key typed right behind another one acts on what
the user saw, whatever the app is still busy with.
"""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from smm_tui.core.history import Operation
    from smm_tui.core.models import Weekday
    from smm_tui.core.timeline import Entry


class ChangeRequested(Message):
    """Apply `operation` to `day` (the app saves it through the change controller)."""

    def __init__(self, operation: Operation, day: date | None = None) -> None:
        self.operation = operation
        self.day = day
        """The day the change is for; None: the day on screen when the app handles it."""
        super().__init__()


class HistoryRequested(Message):
    """Undo (or, with `redo`, redo) the last change."""

    def __init__(self, *, redo: bool = False) -> None:
        self.redo = redo
        super().__init__()


class DayRequested(Message):
    """Show another day: `step` days from the one on screen, or today when `step` is 0."""

    def __init__(self, step: int = 0) -> None:
        self.step = step
        super().__init__()


class FormRequested(Message):
    """Open the task form: a new task (`task_id` None, suggested after `after`) or an edit."""

    def __init__(self, task_id: str | None = None, after: Entry | None = None) -> None:
        self.task_id = task_id
        self.after = after
        super().__init__()


class ExportRequested(Message):
    """Open the export dialog for the day on screen (preselecting `fmt` when given)."""

    def __init__(self, fmt: str | None = None) -> None:
        self.fmt = fmt
        super().__init__()


class ReminderRequested(Message):
    """Act on the last reminder: `"snooze"` (ask how long), `"done"` (tick its slot off)."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__()


class MoveRequested(Message):
    """Move tasks from `source` to `target` as one change (undoable across both days).

    `at`: the new start time (None keeps each task's time). `next_free`: start at the
    target day's next free gap long enough for the task (the move dialog's choice).
    """

    def __init__(self, task_ids: tuple[str, ...], source: date, target: date, *, at: time | None = None,
                 next_free: bool = False) -> None:
        self.task_ids = task_ids
        self.source = source
        self.target = target
        self.at = at
        self.next_free = next_free
        super().__init__()


class StatsRequested(Message):
    """Open the statistics screen (history.stats)."""


class SearchRequested(Message):
    """Open the search screen (history.search)."""


class JumpRequested(Message):
    """Show `day` with the cursor on `task_id` (Enter on a search result); closes the screens above the day."""

    def __init__(self, day: date, task_id: str) -> None:
        self.day = day
        self.task_id = task_id
        super().__init__()


class RepeatRequested(Message):
    """Add a repeating task to the routine (routine.toml) from `day` on: `values` are the form's task fields.

    It repeats on `weekdays`, once a day or, with `every` and `until`, every N minutes until then.
    """

    def __init__(self, values: dict[str, Any], day: date, weekdays: tuple[Weekday, ...], every: int | None = None,
                 until: time | None = None) -> None:
        self.values = values
        self.day = day
        self.weekdays = weekdays
        self.every = every
        self.until = until
        super().__init__()


class RoutineSlotRemovalRequested(Message):
    """Remove routine slot `slot_id` from now on: from routine.toml and its open tasks from `day` on."""

    def __init__(self, slot_id: str, day: date) -> None:
        self.slot_id = slot_id
        self.day = day
        super().__init__()
