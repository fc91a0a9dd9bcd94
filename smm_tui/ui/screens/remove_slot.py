"""Deleting a task that comes from a routine slot: "this day only / from now on"?

This day only deletes the task from the day (undoable, like any delete);
from now on removes the slot from routine.toml and its open tasks from this
day on, as `smm-tui delete --from-now-on` does. The question only chooses:
it dismisses with "day", "all" or None (Esc: nothing is deleted).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from smm_tui.core.text import printable
from smm_tui.ui.screens.modal import Modal


class RemoveSlotQuestion(Modal[str | None]):
    """Enter or t: this day only · f: from now on (the routine) · Esc: keep it."""

    BINDINGS: ClassVar = [
        Binding("enter,t", "answer('day')", "This day only"),
        Binding("f", "answer('all')", "From now on"),
        Binding("escape", "answer('')", "Keep"),
    ]
    DEFAULT_CSS = """
    RemoveSlotQuestion { align: center middle; }
    RemoveSlotQuestion > Vertical { width: 70; max-width: 100%; height: auto; background: $panel;
        border: thick $warning; padding: 1 2; }
    RemoveSlotQuestion #remove-help { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(printable(f"Delete {self.what} (a routine slot): this day only, or from now on?"),
                         id="remove-question", markup=False)
            yield Static("Enter/t this day only · f from now on (routine.toml, open tasks from this day on) · "
                         "Esc keep it", id="remove-help", markup=False)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer or None)
