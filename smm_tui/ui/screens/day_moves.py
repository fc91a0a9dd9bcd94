"""The day screen's keys that reach beyond the day: `>`, `<`, `m`, and routine slots' `d` and repeat.

A mixin of actions the DayScreen inherits, kept out of day.py (which is
part of the first frame): each move key becomes one `MoveRequested` naming
the task the cursor was on and the day it was seen on; the app moves it as
one change (ui/moving.py). Deleting a task that comes from a routine slot
asks "this day only / from now on" first; a repeating task from the add
form goes up as `RepeatRequested` (ui/routine_edits.py writes routine.toml).
The dialogs are imported when first opened.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.core.text import short_date
from smm_tui.ui.messages import ChangeRequested, MoveRequested, RepeatRequested, RoutineSlotRemovalRequested

if TYPE_CHECKING:
    from datetime import date

    from textual.app import App
    from textual.message import Message

    from smm_tui.core.clock import Clock
    from smm_tui.core.models import Day
    from smm_tui.core.timeline import Entry
    from smm_tui.ui.screens.move import MoveChoice


class MoveScreen(Protocol):
    """What the move keys use of the day screen."""

    day: date
    clock: Clock
    blocked: str
    cursor_blink: bool
    model: Day | None

    @property
    def app(self) -> App[Any]: ...
    def _selected_or_say(self) -> Entry | None: ...
    def post_message(self, message: Message) -> bool: ...
    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


class DayMoves:
    """`>`, `<` and `m` (command ids task.postpone, task.pull, task.move in ui/commands.py)."""

    def action_postpone(self: MoveScreen) -> None:
        """`>`: the selected task to the day after the one on screen (same time)."""
        if entry := self._selected_or_say():
            self.post_message(MoveRequested((entry.id,), self.day, self.day + timedelta(days=1)))

    def action_pull_to_today(self: MoveScreen) -> None:
        """`<`: the selected task to today (same time); on today there is nothing to pull."""
        today = self.clock.now().date()
        if self.day == today:
            self.notify("Already on today: < pulls a task from another day.", markup=False)
        elif entry := self._selected_or_say():
            self.post_message(MoveRequested((entry.id,), self.day, today))

    def action_move(self: MoveScreen) -> None:
        """`m`: ask where to (a day, +N, a weekday, a time, or the next free slot)."""
        if self.blocked:
            self.notify(self.blocked, severity="error", markup=False)
            return
        if entry := self._selected_or_say():
            from smm_tui.ui.screens.move import MoveDialog

            what = f"{entry.start:%H:%M} {entry.title} ({short_date(self.day)})"
            dialog = MoveDialog(what, self.day, self.clock.now().date(), cursor_blink=self.cursor_blink)
            self.app.push_screen(dialog, partial(_moved, self, entry, self.day))

    def delete_entry(self: MoveScreen, entry: Entry) -> None:
        """`d`: delete the task; for a routine slot's task ask first whether the slot goes from now on."""
        from smm_tui.core.history import DeleteTask

        task = None
        if self.model is not None and not self.blocked:
            task = next((t for t in self.model.tasks if t.id == entry.id), None)
        if task is None or task.slot is None:
            self.post_message(ChangeRequested(DeleteTask(entry.id), self.day))
            return
        from smm_tui.ui.screens.remove_slot import RemoveSlotQuestion

        self.app.push_screen(RemoveSlotQuestion(f"{entry.start:%H:%M} {entry.title}"),
                             partial(_remove, self, entry, task.slot, self.day))

    def repeat_requested(self: MoveScreen, values: dict[str, Any], day: date) -> bool:
        """The add form chose a repeat: send it up as a routine slot (True), or keep it a task of the day."""
        repeat = values.pop("repeat", None)
        if repeat is None:
            return False
        self.post_message(RepeatRequested(values, day, repeat.weekdays, repeat.every, repeat.until))
        return True


def _remove(screen: MoveScreen, entry: Entry, slot_id: str, day: date, answer: str | None) -> None:
    from smm_tui.core.history import DeleteTask

    if answer == "day":
        screen.post_message(ChangeRequested(DeleteTask(entry.id), day))
    elif answer == "all":
        screen.post_message(RoutineSlotRemovalRequested(slot_id, day))


def _moved(screen: MoveScreen, entry: Entry, day: date, choice: MoveChoice | None) -> None:
    if choice is not None:
        screen.post_message(MoveRequested((entry.id,), day, choice.target, at=choice.at,
                                          next_free=choice.next_free))
