"""Snooze the last reminder: a small choice of how long (`z`).

The choices are config.toml's `[reminders] snooze_minutes` (5, 10, 30 by
default) and "until the next slot". Arrows + Enter, or the digit shown in
front of a choice; Esc keeps the reminder as it is. The screen only chooses:
it dismisses with the minutes, NEXT_SLOT, or None, and the app snoozes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from smm_tui.ui.screens.modal import Modal

if TYPE_CHECKING:
    from smm_tui.core.timeline import Timeline

NEXT_SLOT = "next"


def next_slot_label(timeline: Timeline | None, now: datetime) -> str:
    """'10:00': the next open slot's start when today is on screen, else '' (the dialog says "next slot")."""
    if timeline is None or timeline.date != now.date():
        return ""
    upcoming = next((e for e in timeline.entries if e.is_open() and e.starts_at > now), None)
    return f"{upcoming.start:%H:%M}" if upcoming is not None else ""


class SnoozeScreen(Modal[int | str | None]):
    """Choose a snooze: minutes (int), NEXT_SLOT, or None (cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
    ]

    DEFAULT_CSS = """
    SnoozeScreen { align: center middle; }
    SnoozeScreen > Vertical { width: 60; max-width: 100%; height: auto; background: $panel;
        border: thick $warning; padding: 1 2; }
    SnoozeScreen #snooze-title { text-style: bold; color: $warning; }
    SnoozeScreen #snooze-what { color: $text-muted; margin-bottom: 1; }
    SnoozeScreen OptionList { height: auto; max-height: 12; }
    SnoozeScreen #snooze-help { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, what: str, minutes: Sequence[int], next_slot: str = "") -> None:
        super().__init__()
        self.what = what
        self.choices: list[int | str] = [*minutes, NEXT_SLOT]
        self.next_slot = next_slot

    def compose(self) -> ComposeResult:
        options = []
        for number, choice in enumerate(self.choices, start=1):
            if choice == NEXT_SLOT:
                label = "until the next slot" + (f" ({self.next_slot})" if self.next_slot else "")
            else:
                label = f"{choice} minutes"
            text = f"{number}  {label}" if number <= 9 else f"   {label}"
            options.append(Option(Content(text), id=f"choice-{number - 1}"))  # plain text: titles are not markup
        with Vertical():
            yield Static("Snooze the reminder", id="snooze-title", markup=False)
            yield Static(self.what, id="snooze-what", markup=False)
            yield OptionList(*options, id="snooze-choices")
            yield Static("Enter or a digit chooses · Esc keeps it as it is", id="snooze-help")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.choices):
            self.dismiss(self.choices[index])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)
