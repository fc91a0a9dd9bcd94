"""The "move to" dialog (`m`): where the selected task goes, typed the way people say it.

One line takes a day, a time or both (core.when: `2026-12-02`, `tomorrow`,
`+2`, `mon`, `10:30`, `fri 16:00`); "Next free slot" (the button, or the
words `free` / `next free` after an optional day) starts the task in the
first gap long enough for it. A problem is one line inside the dialog,
which stays open until the text reads as a target. The dialog only chooses:
it dismisses with a `MoveChoice` (or None) and the day screen sends
`MoveRequested` up to the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from smm_tui.core.text import printable
from smm_tui.core.when import read_target
from smm_tui.ui.screens.modal import Modal
from smm_tui.ui.widgets.controls import show_controls
from smm_tui.ui.widgets.fields import FOCUS_BINDINGS, text_field

_FREE = re.compile(r"(?:(.*?)\s+)?(?:next\s+)?free", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True)
class MoveChoice:
    """Where to: the target day, a new start (None: keep), or the next free gap there."""

    target: date
    at: time | None = None
    next_free: bool = False


def read_choice(text: str, today: date, day: date, *, next_free: bool = False) -> MoveChoice:
    """The dialog's text as a choice; ValueError with one line saying what was expected."""
    free = _FREE.fullmatch(text.strip())
    if free is not None:
        text, next_free = free.group(1) or "", True
    if next_free and not text.strip():
        return MoveChoice(day, next_free=True)
    target = read_target(text)
    if next_free and target.at is not None:
        raise ValueError("a time or the next free slot, not both")
    resolved = target.resolve(today, day)
    if resolved == day and target.at is None and not next_free:
        raise ValueError("that is the day it is on: give another day or a time")
    return MoveChoice(resolved, target.at, next_free)


class MoveDialog(Modal[MoveChoice | None]):
    """Move one task: dismisses with a MoveChoice or None (Esc)."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel"),
        *FOCUS_BINDINGS,
    ]

    DEFAULT_CSS = """
    MoveDialog { align: center middle; }
    MoveDialog > Vertical { width: 64; max-width: 100%; height: auto; background: $panel;
        border: thick $primary; padding: 1 2; }
    MoveDialog #move-title { text-style: bold; color: $primary; }
    MoveDialog #move-what { color: $text-muted; margin-bottom: 1; }
    MoveDialog Input { width: 1fr; }
    MoveDialog #move-error { color: $error; height: auto; }
    MoveDialog #move-error.-empty { display: none; }
    MoveDialog #move-help { color: $text-muted; margin-top: 1; }
    MoveDialog #move-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    MoveDialog Button { margin-left: 1; }
    """

    def __init__(self, what: str, day: date, today: date, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.what = what
        self.day = day
        self.today = today
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Move to", id="move-title")
            yield Static(printable(self.what), id="move-what", markup=False)
            yield text_field("", placeholder="tomorrow, +2, mon, 2026-12-02, 10:30, fri 16:00, free",
                             id="move-to", compact=True)
            yield Static("", id="move-error", classes="-empty", markup=False)
            yield Static("Enter moves · a day, a time or both · Esc cancels", id="move-help")
            with Horizontal(id="move-buttons"):
                yield Button("Cancel", id="move-cancel", compact=True)
                yield Button("Next free slot", id="move-free", compact=True)
                yield Button("Move", variant="primary", id="move-ok", compact=True)

    def on_mount(self) -> None:
        field = self.query_one("#move-to", Input)
        field.cursor_blink = self.cursor_blink
        show_controls(field)
        field.focus()

    def choose(self, *, next_free: bool = False) -> None:
        if self.closing:  # a second Enter queued behind the one that chose (screens/modal.py)
            return
        try:
            choice = read_choice(self.query_one("#move-to", Input).value, self.today, self.day, next_free=next_free)
        except ValueError as exc:
            error = self.query_one("#move-error", Static)
            error.update(str(exc).splitlines()[0] if str(exc) else "not a target")
            error.remove_class("-empty")
            return
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.choose()

    @on(Button.Pressed, "#move-ok")
    def _ok(self) -> None:
        self.choose()

    @on(Button.Pressed, "#move-free")
    def _free(self) -> None:
        self.choose(next_free=True)

    @on(Button.Pressed, "#move-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
