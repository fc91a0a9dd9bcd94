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

from datetime import time
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.core.gaps import next_free
from smm_tui.core.text import short_date
from smm_tui.core.timeline import build
from smm_tui.core.wallclock import resolve

if TYPE_CHECKING:
    from smm_tui.config import Settings
    from smm_tui.core.changes import Place
    from smm_tui.core.clock import Clock
    from smm_tui.core.models import Day, Task
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
    place = next_free_place(host.clock) if message.next_free else None
    return host.days.move(message.task_ids, message.source, message.target, at=message.at, place=place)


def next_free_place(clock: Clock) -> Place:
    """Where a task starts in the target day's next free gap long enough for it (core.gaps).

    From now on today; on another day from the task's own time (a task moved
    to Friday's next free slot lands at or after the hour it had). ValueError
    when the day has no such gap left: the outcome says so, nothing moves.
    """

    def place(day: Day, task: Task) -> time:
        timeline = build(day)
        now = clock.now()
        after = now if day.date == now.date() else resolve(day.date, task.start, timeline.zone)
        gap = next_free(timeline, task.minutes, after)
        if gap is None:
            raise ValueError(f"no free {task.minutes} minutes left on {short_date(day.date)}")
        return gap.start

    return place
