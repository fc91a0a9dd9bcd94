"""Routine edits from the app: a repeating task from the add form, a slot removed "from now on".

Both change routine.toml through core.repeat - tomlkit, so the user's
comments and layout stay - under the store's lock and write gate, exactly
as `smm-tui add --repeat` and `smm-tui delete --from-now-on` do. A routine
edit is not a change to one day, so it is not in the undo history (the
status line says how to take it back). The day on screen is read again: a
day without its own file shows the routine as it is now.

Imported when the first such request comes: not part of the first frame.
"""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from smm_tui.core.errors import SmmError
from smm_tui.core.models import WEEKDAYS, Routine, Task, Weekday
from smm_tui.core.repeat import WORKDAYS, add_repeating, remove_from_now_on, slot_from_task
from smm_tui.core.text import printable

if TYPE_CHECKING:
    from smm_tui.core.store import Store
    from smm_tui.ui.day_view import DayView
    from smm_tui.ui.messages import RepeatRequested, RoutineSlotRemovalRequested


class RoutineHost(Protocol):
    """What a routine edit uses of the app."""

    store: Store | None
    days: DayView

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


def repeat_words(weekdays: tuple[Weekday, ...], every: int | None, until: time | None) -> str:
    """'every day', 'on weekdays', 'on mon, wed', '... every 30 min until 18:00': for the status line."""
    days = ("every day" if weekdays == WEEKDAYS else "on weekdays" if weekdays == WORKDAYS
            else "on " + ", ".join(weekdays))
    if every is not None and until is not None:
        return f"{days}, every {every} min until {until:%H:%M}"
    return days


def add(host: RoutineHost, message: RepeatRequested) -> bool:
    """Write the form's task into routine.toml as a repeating slot; say how it repeats."""
    if not host.days.can_change():
        return False
    assert host.store is not None
    try:
        task = Task.model_validate({**message.values, "id": "new"})
        slot = add_repeating(host.store, message.day, lambda routine: slot_from_task(
            task, routine, message.weekdays, message.every, message.until))
    except ValidationError as exc:
        host.notify(f"Not saved: {exc.errors(include_url=False)[0]['msg']}", severity="error", markup=False)
        return False
    except (SmmError, ValueError) as exc:
        host.notify(f"Not saved: {exc}", severity="error", markup=False)
        return False
    host.days.reload()
    when = repeat_words(message.weekdays, message.every, message.until)
    host.notify(printable(f"Repeats {when}: {slot.title} (routine.toml; d from now on takes it out)"),
                markup=False)
    return True


def remove(host: RoutineHost, message: RoutineSlotRemovalRequested) -> bool:
    """Take a slot out of routine.toml and its open tasks out of this day and every later day file."""
    if not host.days.can_change():
        return False
    assert host.store is not None
    title = next((s.title for s in _routine(host.store).slots if s.id == message.slot_id), message.slot_id)
    try:
        changed = remove_from_now_on(host.store, message.day, message.slot_id)
    except KeyError:
        host.notify(printable(f"routine.toml has no slot {message.slot_id} any more (changed outside?)"),
                    severity="warning", markup=False)
        host.days.reload()
        return False
    except (SmmError, ValueError) as exc:
        host.notify(f"Not saved: {exc}", severity="error", markup=False)
        return False
    host.days.reload()
    files = f"; {changed} day file(s) changed" if changed else ""
    host.notify(printable(f"Removed from the routine from now on: {title}{files}"), markup=False)
    return True


def _routine(store: Store) -> Routine:
    try:
        return store.load_routine()
    except SmmError:
        return Routine()
