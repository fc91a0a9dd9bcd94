"""The task form's "repeat" field: once, every day, weekdays, chosen weekdays, every N minutes until HH:MM.

A repeating task is not a task of one day but a slot of the routine: the
app writes it into routine.toml (core.repeat, keeping the file's comments)
and it appears on every future day that has no file of its own yet. The
form only reads what was chosen (`parse_repeat`, pure and tested without
the UI) and hands back a `Repeat`; the day screen sends `RepeatRequested`.
Offered when adding a task (an existing task stays what it is).

The models and core.repeat (tomlkit) are imported when the form is saved,
not when this module is: the form opens right under `a`, like parse_form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Any

from textual.widgets import Label, Select

from smm_tui.ui.widgets.fields import text_field

if TYPE_CHECKING:
    from textual.widget import Widget

    from smm_tui.core.models import Weekday

MODES = (("once", "once"), ("every day", "daily"), ("weekdays (mon-fri)", "weekdays"),
         ("chosen days", "days"), ("every N minutes until", "every"))
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)
_EVERY = re.compile(r"[0-9]{1,4}", re.ASCII)


@dataclass(frozen=True)
class Repeat:
    """How a new task repeats: on `weekdays`, once each, or every `every` minutes until `until`."""

    weekdays: tuple[Weekday, ...]
    every: int | None = None
    until: time | None = None


def repeat_rows() -> list[Widget]:
    """The form's repeat rows (Grid cells): the choice, the days, every N minutes, until."""
    return [
        Label("Repeat"), Select(MODES, value="once", allow_blank=False, id="repeat", compact=True),
        Label("Days", classes="-repeat-days"),
        text_field("", placeholder="mon, wed, fri", id="repeat-days", compact=True, classes="-repeat-days"),
        Label("Every", classes="-repeat-every"),
        text_field("", placeholder="minutes (5-1440)", id="every", compact=True, classes="-repeat-every"),
        Label("Until", classes="-repeat-every"),
        text_field("", placeholder="HH:MM", id="until", compact=True, classes="-repeat-every"),
    ]


def parse_repeat(raw: dict[str, str], values: dict[str, Any]) -> tuple[Repeat | None, str]:
    """The repeat fields as a Repeat (None: once) and a problem ('' when none), checked as routine.toml would.

    `values` are the task's parsed fields: the slot is validated with them
    (an `until` before the start is refused here, not when saving).
    """
    from pydantic import ValidationError

    from smm_tui.core.models import WEEKDAYS, Routine, Task
    from smm_tui.core.repeat import WORKDAYS, parse_weekdays, slot_from_task

    mode = raw.get("repeat", "once")
    if mode == "once":
        return None, ""
    every: int | None = None
    until: time | None = None
    if mode == "daily" or mode == "every":
        weekdays = WEEKDAYS
    elif mode == "weekdays":
        weekdays = WORKDAYS
    else:
        try:
            weekdays = parse_weekdays(raw.get("repeat-days", ""))
        except ValueError as exc:
            return None, str(exc)
    if mode == "every":
        text, until_text = raw.get("every", "").strip(), raw.get("until", "").strip()
        if not _EVERY.fullmatch(text) or not 5 <= int(text) <= 24 * 60:
            return None, "every: expected whole minutes from 5 to 1440"
        match = _TIME.fullmatch(until_text)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            return None, "until: expected a time HH:MM from 00:00 to 23:59"
        every, until = int(text), time(int(match.group(1)), int(match.group(2)))
    try:
        task = Task.model_validate({**values, "id": "form-check"})
        slot_from_task(task, Routine(), weekdays, every, until)
    except ValidationError as exc:
        return None, exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
    return Repeat(weekdays, every, until), ""
