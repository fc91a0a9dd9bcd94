"""The status line: one row above the footer for routine confirmations ("Done: ...", "Undone: ...").

Every tick, skip, undo and save used to raise a toast; five quick ticks
stacked five toasts over a dozen rows of the timeline. A confirmation only
says that what the user just did worked, so it belongs in one place that
the next one overwrites: this line shows the latest message and clears
itself after a few seconds (a Textual timer). Warnings and errors that need
attention are still toasts (ui/notices.py decides which goes where).

Mounted with the footer, right after the first frame: neither is part of the
first paint.
"""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from smm_tui.core.text import printable

SHOW_SECONDS = 5.0
"""How long a confirmation stays when the caller gives no time."""


class StatusLine(Static):
    """The latest confirmation, cleared after its time (see module docstring)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; color: $text-muted; background: $surface; }
    StatusLine.-warning { color: $warning; }
    StatusLine.-error { color: $error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.message = ""
        """The text shown now ('' when the line is clear)."""
        self._timer: Timer | None = None

    def say(self, message: str, *, severity: str = "information", seconds: float | None = None) -> None:
        """Show `message` (one line; control characters escaped) for `seconds`, replacing the last one."""
        text = " · ".join(printable(line) for line in message.splitlines() if line.strip())
        self.message = text
        self.update(Content(text))
        for level in ("warning", "error"):
            self.set_class(severity == level, f"-{level}")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(max(1.0, seconds or SHOW_SECONDS), self.clear, name="status-clear")

    def clear(self) -> None:
        """Clear the line (the timer calls this; tests may too)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.message = ""
        self.update("")
