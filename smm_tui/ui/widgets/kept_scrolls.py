"""The scrolls a view was last asked for, done again when its size changes (and first when it gets one).

A view is often asked to scroll before it is laid out: while the first frame
is set up, beneath another screen (the day under `--view week`), or right
after `v` mounts the scaled view. Measured against no height, such a scroll
left its row off screen - at 21:10 on a 24-line terminal the list opened at
05:30, the running slot and the now line out of sight. And the first height
is not the last: the footer and status line, mounted after the first frame,
take two lines, and a terminal can be resized at any time. So the list and
the scaled view keep here the scrolls asked for before they had a height
(done in order once they have one) or else the last one asked for, and do
them again at each new size: now stays centred until the cursor moves, and
then the cursor stays in sight. tests/ui/test_opening_scroll.py shows each
case.
"""

from __future__ import annotations

from collections.abc import Callable


class KeptScrolls:
    """The scrolls one view was last asked for (see the module docstring)."""

    __slots__ = ("_height", "_kept")

    def __init__(self, height: Callable[[], int]) -> None:
        self._height = height
        """The view's height now (0 before its first layout)."""
        self._kept: list[Callable[[], None]] = []

    def keep(self, scroll: Callable[[], None]) -> bool:
        """Keep `scroll` for the next size; True when the view has no height yet (the caller waits for one)."""
        if self._height():
            self._kept = [scroll]  # asked with a height: it replaces what was kept, and is done now
            return False
        self._kept.append(scroll)  # asked before a height: done, in order with the others, once there is one
        return True

    def resized(self) -> None:
        """The view has a new size: the kept scrolls again, in order."""
        if not self._height():
            return
        kept = self._kept
        for scroll in kept:
            scroll()  # each asks `keep` again, with a height now, which keeps it alone
        self._kept = kept
