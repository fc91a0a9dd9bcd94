"""The `/` filter bar of the day screen.

Its own module because it is mounted on first use only: defining an Input
subclass costs ~0.5 ms of class set-up, and the first frame has no filter bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input


class FilterInput(Input):
    """The `/` filter bar; Esc clears the filter, Enter keeps it and returns to the timeline.

    Both happen in the key's own binding, so keys typed right behind them are commands:
    the day screen hands down what to call (`when_cleared`, `when_kept`) instead of waiting
    for a message, which would arrive after those keys were routed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "clear", "Clear filter", show=False)]

    _leaving = False
    """Set by Esc or Enter: the bar is on its way out; keys behind them are commands."""

    def __init__(self, *, when_cleared: Callable[[], None], when_kept: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.when_cleared = when_cleared
        """Esc: the filter is cleared (the screen shows everything and focuses the timeline)."""
        self.when_kept = when_kept
        """Enter: the filter stays, the bar hides, keys go to the timeline again."""

    def action_clear(self) -> None:
        self.value = ""
        self.when_cleared()

    async def action_submit(self) -> None:
        await super().action_submit()
        self.when_kept()

    async def _on_key(self, event: events.Key) -> None:
        """Keys typed in one burst behind Esc or Enter are commands, not filter text.

        Textual picks a key's widget when the key arrives, so `Esc j` in one
        burst routes `j` here before Esc has closed the bar. Skipping Input's
        own handling lets such a key bubble on to the bindings, which run once
        the bar has closed and the timeline has the focus.
        """
        if self._leaving or not self.has_focus:
            event.prevent_default()
        elif event.key in ("escape", "enter"):
            self._leaving = True

    def opened(self) -> None:
        """`/` shows the bar again: keys from now on are filter text (set before focus arrives)."""
        self._leaving = False

    def take_stray_key(self, event: events.Key) -> bool:
        """Type a printable key the app got while this bar has focus; False: it is a command.

        Textual picks a key's widget when the key arrives, so in `/mon` typed in
        one burst (or pasted) `m o n` go to the timeline before `/` has opened
        and focused the bar; the app hands them here instead of running them as
        commands (`e` edits!). The bar itself never lets a printable key through,
        so nothing else reaches the app this way - except keys behind Esc/Enter.
        """
        if self._leaving or not (event.is_printable and event.character):
            return False
        self.insert_text_at_cursor(event.character)
        return True
