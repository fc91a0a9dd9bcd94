"""ShowControls: an input field shows control characters as visible pictures, never raw.

Text pasted into a field (a title, the export folder, the filter, the
palette search) may carry ESC, C1 or bidi controls; Textual's Input renders
its value as is, so they would reach the terminal while the user edits
(clear the screen, retitle the window, reorder the line). The value itself
is kept exactly as pasted - the form's validation and the core decide what
may be saved (NUL is refused, other controls are data shown escaped) - only
what is drawn changes: one picture per character (core.text.pictured), so
the cursor stays where Input puts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.highlighter import Highlighter
from rich.text import Text

from smm_tui.core.text import pictured

if TYPE_CHECKING:
    from textual.widgets import Input


class ShowControls(Highlighter):
    """Replace control characters by visible pictures (reverse video) in a field's rendering."""

    def highlight(self, text: Text) -> None:
        plain = text.plain
        shown = pictured(plain)
        if shown == plain:
            return
        text.plain = shown
        for index, (before, after) in enumerate(zip(plain, shown, strict=True)):
            if before != after:
                text.stylize("reverse", index, index + 1)


def show_controls(*fields: Input) -> None:
    """Give input fields the ShowControls highlighter (Input.highlighter is read at render time)."""
    highlighter = ShowControls()
    for field in fields:
        field.highlighter = highlighter
