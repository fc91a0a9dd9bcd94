"""The carry-over question and its checklist: "3 open from Monday — carry over? (y/n/pick)".

Both only choose; ui/carry.py asks them and moves what was chosen. The
question dismisses with "yes", "no", "pick" or None (Esc: not answered, it
comes again at the next start); the checklist with the ids to carry (all
ticked at first; space unticks) or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, SelectionList, Static

from smm_tui.core.text import printable
from smm_tui.ui.screens.modal import Modal

if TYPE_CHECKING:
    from smm_tui.core.models import Task

CARRY_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 70; max-width: 100%; height: auto; max-height: 100%; background: $panel;
    border: thick $primary; padding: 1 2; }}
{name} .carry-help {{ color: $text-muted; margin-top: 1; }}
{name} SelectionList {{ height: auto; max-height: 16; }}
{name} #carry-buttons {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 1; }}
"""


class CarryQuestion(Modal[str | None]):
    """One line: how many are open from which day, and y / n / pick."""

    BINDINGS: ClassVar = [
        Binding("y", "answer('yes')", "Yes"),
        Binding("n", "answer('no')", "No"),
        Binding("p", "answer('pick')", "Pick"),
        Binding("escape", "answer('')", "Later"),
    ]
    DEFAULT_CSS = CARRY_CSS.format(name="CarryQuestion")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="carry-question", markup=False)
            yield Static("y moves them all to today (u undoes) · n not today · p pick which · Esc later",
                         classes="carry-help")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer or None)


class CarryPick(Modal[list[str] | None]):
    """A checklist of the open tasks; Enter carries the ticked ones over."""

    BINDINGS: ClassVar = [
        Binding("enter", "carry", "Carry over", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = CARRY_CSS.format(name="CarryPick")

    def __init__(self, heading: str, tasks: tuple[Task, ...]) -> None:
        super().__init__()
        self.heading = heading
        self.tasks = tasks

    def compose(self) -> ComposeResult:
        choices = [(Content(printable(f"{t.start:%H:%M}  {t.title}")), t.id, True) for t in self.tasks]
        with Vertical():
            yield Static(self.heading, markup=False)
            yield SelectionList[str](*choices, id="carry-tasks")
            yield Static("space ticks and unticks · Enter carries the ticked ones over · Esc cancels",
                         classes="carry-help")
            with Horizontal(id="carry-buttons"):
                yield Button("Cancel", id="carry-cancel", compact=True)
                yield Button("Carry over", variant="primary", id="carry-ok", compact=True)

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_carry(self) -> None:
        chosen = set(self.query_one("#carry-tasks", SelectionList).selected)
        self.dismiss([t.id for t in self.tasks if t.id in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#carry-ok")
    def _ok(self) -> None:
        self.action_carry()

    @on(Button.Pressed, "#carry-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
