"""The `/` filter bar of the day screen.

Its own module because it is mounted on first use only: defining an Input
subclass costs ~0.5 ms of class set-up, and the first frame has no filter bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.widgets import Input

if TYPE_CHECKING:
    from smm_tui.ui.screens.day import DayScreen


class FilterInput(Input):
    """The `/` filter bar; Esc clears the filter, Enter keeps it and returns to the timeline."""

    BINDINGS = [Binding("escape", "clear", "Clear filter", show=False)]

    def action_clear(self) -> None:
        self.value = ""
        cast("DayScreen", self.screen).close_filter()
