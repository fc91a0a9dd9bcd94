"""The day screen's footer: Textual's Footer, refitted to the terminal's width on every resize.

Textual's Footer builds its keys in `compose` and rebuilds them only when the
bindings change; its `compact` and `show_command_palette` settings are plain
reactives that do not rebuild anything. Set on a resize, they left the keys
laid out for the old width: shrunk from 120 to 80 columns the ctrl+p key,
docked right, covered the last keys (`q Qui▏^p palette`), and widened again
the palette key stayed gone. `fit` sets both and rebuilds the keys whenever
either changes, so every width shows what a fresh start at that width shows.

Mounted right after the first frame (the footer is not part of the first
paint), so this module is imported then.
"""

from __future__ import annotations

from textual.widgets import Footer

WIDE_FOOTER = 110
"""From this width on the footer has room for its spacing and the ctrl+p palette key."""


class DayFooter(Footer):
    """Footer whose layout follows the width (see the module docstring)."""

    def fit(self, width: int) -> None:
        """Lay the keys out for `width` columns; rebuilds them only when the layout changes."""
        wide = width >= WIDE_FOOTER
        compact, palette = not wide, wide  # narrow: room for the keys (help names ctrl+p)
        if (self.compact, self.show_command_palette) == (compact, palette):
            return
        self.compact = compact
        self.show_command_palette = palette
        if self.is_mounted:
            self.refresh(recompose=True)
