"""The selected slot's details as a popup (Enter); the same content as the side pane."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from smm_tui.core.timeline import Entry
from smm_tui.ui.screens.modal import Modal
from smm_tui.ui.widgets.detail import detail_content

if TYPE_CHECKING:
    from smm_tui.core.relative import Humanize


class DetailScreen(Modal[None]):
    BINDINGS: ClassVar = [Binding("escape,enter,q", "close", "Close")]

    DEFAULT_CSS = """
    DetailScreen { align: center middle; }
    DetailScreen > Static { width: 64; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $primary; padding: 1 2; }
    """

    def __init__(self, entry: Entry, now: datetime | None, default_lead: int | None,
                 state: str | None = None, humanize: Humanize | None = None) -> None:
        super().__init__()
        self.entry, self.now, self.default_lead = entry, now, default_lead
        self.state, self.humanize = state, humanize

    def compose(self) -> ComposeResult:
        yield Static(detail_content(self.entry, self.now, self.default_lead, self.state, self.humanize))

    def action_close(self) -> None:
        self.dismiss(None)
