"""The add / edit form: a modal that validates before it closes.

The form checks what it can say best itself (time as HH:MM, whole minutes,
a known kind, one word per platform) and then runs the real `Task` model
validation, so the rules are the same ones the store enforces on files. Each
problem is shown next to its field; the form stays open until everything is
valid (Enter or ctrl+s saves, Esc cancels). It returns the task's fields;
`operation_for` turns them into an undoable operation, which the day screen
sends up to the app (`ChangeRequested`).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Button, Input, Label, Select, Static

from smm_tui.core.kinds import GLYPHS, KIND_LABELS, KINDS
from smm_tui.ui.screens.modal import Modal
from smm_tui.ui.screens.repeat_field import parse_repeat, repeat_rows
from smm_tui.ui.widgets.controls import show_controls
from smm_tui.ui.widgets.fields import FOCUS_BINDINGS, text_field

if TYPE_CHECKING:
    from smm_tui.core.history import Operation
    from smm_tui.core.models import Day, Task
    from smm_tui.core.timeline import Entry

# ASCII digits only: \d and str.isdigit() also accept fullwidth, Arabic-Indic and superscript
# digits, which int() then reads (or, for '²', refuses with a traceback).
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_MINUTES = re.compile(r"[0-9]{1,5}")
FIELDS = ("title", "start", "minutes", "kind", "platforms", "lead", "note")
SHORT = 30
"""Below this many rows the form's rows sit without blank lines between them."""


def suggest_start(day: date, now: datetime, after: Entry | None) -> str:
    """Default start for a new task: the next 5 minutes from now on today, else after the cursor."""
    if day == now.date():
        minutes = min((now.hour * 60 + now.minute + 4) // 5 * 5, 23 * 60 + 55)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if after is not None:
        return f"{after.start:%H:%M}"
    return "09:00"


def operation_for(values: dict[str, Any], original: Task | None, model: Day | None) -> Operation | None:
    """The form's result as an undoable operation: a new task, or the edited fields (None: nothing changed)."""
    from smm_tui.core.history import AddTask, SetFields
    from smm_tui.core.models import Task

    if original is None:
        task_id = model.new_task_id() if model is not None else "t" + os.urandom(3).hex()
        task = Task.model_validate({**values, "id": task_id})
        return AddTask(task, label=task.title)
    changed = {key: value for key, value in values.items() if getattr(original, key) != value}
    return SetFields(original.id, changed, label=original.title) if changed else None


def parse_form(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Field texts -> (task values, problems by field). Pure, so it is tested without the UI."""
    from pydantic import ValidationError

    from smm_tui.core.models import Task

    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    title = raw.get("title", "")
    if not title.strip():
        problems["title"] = "say what to do"
    values["title"] = title
    match = _TIME.fullmatch(raw.get("start", "").strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        problems["start"] = "expected a time HH:MM from 00:00 to 23:59"
    else:
        values["start"] = time(int(match.group(1)), int(match.group(2)))
    minutes = raw.get("minutes", "").strip()
    if not _MINUTES.fullmatch(minutes) or int(minutes) > 24 * 60:
        problems["minutes"] = "expected whole minutes from 0 to 1440"
    else:
        values["minutes"] = int(minutes)
    kind = raw.get("kind", "")
    if kind not in KINDS:
        problems["kind"] = f"choose one of: {', '.join(KINDS)}"
    else:
        values["kind"] = kind
    platforms = tuple(p.strip().lower() for p in re.split(r"[,\s]+", raw.get("platforms", "")) if p.strip())
    bad = [p for p in platforms if not p.isprintable() or len(p) > 32]
    if bad:
        problems["platforms"] = f"not a platform name: {bad[0]!r} (one word each, separated by commas)"
    values["platforms"] = platforms
    lead = raw.get("lead", "").strip()
    if lead and (not _MINUTES.fullmatch(lead) or int(lead) > 7 * 24 * 60):
        problems["lead"] = "expected minutes (empty: the default from config.toml)"
    else:
        values["lead"] = int(lead) if lead else None
    values["note"] = raw.get("note", "")
    if not problems:
        try:
            Task.model_validate({**values, "id": "form-check"})
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                name = str(error["loc"][0]) if error["loc"] else "title"
                problems.setdefault(name if name in FIELDS else "title",
                                    error["msg"].removeprefix("Value error, "))
    return values, problems


class TaskForm(Modal[dict[str, Any] | None]):
    """Add a task (task=None) or edit one; dismisses with the task's field values or None."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        *FOCUS_BINDINGS,
    ]

    DEFAULT_CSS = """
    TaskForm { align: center middle; }
    TaskForm > #form { width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $primary; padding: 1 2; }
    TaskForm #form-title { text-style: bold; color: $primary; margin-bottom: 1; }
    TaskForm Grid { grid-size: 2; grid-columns: 10 1fr; grid-rows: 1; height: auto; grid-gutter: 1 1; }
    TaskForm Grid > Label { color: $text-muted; }
    TaskForm Input, TaskForm Select { width: 1fr; }
    TaskForm.-short Grid { grid-gutter: 0 1; }
    TaskForm .error { color: $error; height: auto; padding-left: 11; }
    TaskForm .error.-empty { display: none; }
    TaskForm .-repeat-days, TaskForm .-repeat-every { display: none; }
    TaskForm.-days .-repeat-days, TaskForm.-every .-repeat-every { display: block; }
    TaskForm #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    TaskForm Button { margin-left: 1; }
    """

    def __init__(self, task: Task | None, *, suggested: str = "09:00", cursor_blink: bool = True) -> None:
        super().__init__()
        self.task_being_edited = task
        self.suggested = suggested
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        task = self.task_being_edited
        heading = "Edit task" if task else "Add a task"
        kinds = [(f"{GLYPHS[k]} {KIND_LABELS[k]}", k) for k in KINDS]
        with Vertical(id="form"):
            yield Static(heading, id="form-title")
            with Grid():
                yield Label("Title")
                yield text_field(task.title if task else "", placeholder="what to do", id="title", compact=True)
                yield Label("Start")
                yield text_field(f"{task.start:%H:%M}" if task else self.suggested, placeholder="HH:MM", id="start",
                            compact=True)
                yield Label("Minutes")
                yield text_field(str(task.minutes) if task else "30", placeholder="30", id="minutes", compact=True)
                yield Label("Kind")
                yield Select(kinds, value=task.kind if task else "checkin", allow_blank=False, id="kind",
                             compact=True)
                yield Label("Platforms")
                yield text_field(", ".join(task.platforms) if task else "", placeholder="email, x, linkedin",
                            id="platforms", compact=True)
                yield Label("Reminder")
                yield text_field("" if task is None or task.lead is None else str(task.lead),
                            placeholder="minutes before (empty: default)", id="lead", compact=True)
                yield Label("Note")
                yield text_field(task.note if task else "", placeholder="optional", id="note", compact=True)
                if task is None:  # a new task may repeat (a routine slot); an existing one stays what it is
                    yield from repeat_rows()
            for name in (*FIELDS, "repeat"):
                yield Static("", id=f"error-{name}", classes="error -empty")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save  ctrl+s", variant="primary", id="save", compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self.cursor_blink
        show_controls(*self.query(Input))  # a pasted title's ESC/C1 are drawn, never sent raw
        self.query_one("#title", Input).focus()

    def on_resize(self, event: Resize) -> None:
        """Rows without gaps on a short terminal: the buttons stay on an 80x24 screen with the repeat row."""
        self.set_class(event.size.height < SHORT, "-short")

    def raw_values(self) -> dict[str, str]:
        raw = {field.id: field.value for field in self.query(Input) if field.id}
        kind = self.query_one("#kind", Select).value
        raw["kind"] = kind if isinstance(kind, str) else ""
        for repeat in self.query("#repeat").results(Select):
            raw["repeat"] = str(repeat.value)
        return raw

    def action_save(self) -> None:
        if self.closing:  # a second Enter queued behind the one that saved (see screens/modal.py)
            return
        raw = self.raw_values()
        values, problems = parse_form(raw)
        if "repeat" in raw and not problems:
            values["repeat"], problem = parse_repeat(raw, values)
            if problem:
                problems["repeat"] = problem
        for name in (*FIELDS, "repeat") if "repeat" in raw else FIELDS:
            message = problems.get(name, "")
            error = self.query_one(f"#error-{name}", Static)
            error.update(f"{name}: {message}" if message else "")
            error.set_class(not message, "-empty")
            widget = self.query_one(f"#{name}")
            widget.set_class(bool(message), "-invalid")
        if problems:
            first = next(name for name in (*FIELDS, "repeat") if name in problems)
            self.query_one(f"#{first}").focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Select.Changed, "#repeat")
    def _repeat_changed(self, event: Select.Changed) -> None:
        self.set_class(event.value == "days", "-days")
        self.set_class(event.value == "every", "-every")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
