"""What the statistics and search screens share: answers from the history index on a thread.

Both screens ask the index in a thread worker (a first build over a long
history takes a while) and show its progress in a ProgressBar. The answer or
the progress may arrive after the screen closed, and a closed screen stops the
build at its next batch: that handling lives here once.
"""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen
from textual.widgets import ProgressBar
from textual.worker import get_current_worker

from smm_tui.ui.history_source import PROGRESS_FROM, Stopped


class IndexedScreen(Screen[None]):
    """A screen whose answers come from the history index on a thread worker."""

    PROGRESS_BAR: ClassVar[str]
    """The selector of the screen's ProgressBar (shown while the index is being built)."""

    @property
    def gone(self) -> bool:
        """Closed or being taken down (its widgets go first): an answer arriving now has nowhere to show."""
        return not self.is_attached or self not in self.app.screen_stack

    def _progress_from_thread(self, done: int, total: int) -> None:
        if get_current_worker().is_cancelled:
            raise Stopped  # the screen closed (or the app quit): no need to finish the build now
        if total >= PROGRESS_FROM:
            self.app.call_from_thread(self._progress, done, total)

    def _progress(self, done: int, total: int) -> None:
        if self.gone:
            return
        self.add_class("-indexing")
        self.query_one(self.PROGRESS_BAR, ProgressBar).update(total=total, progress=done)
