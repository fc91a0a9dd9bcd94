"""Driving a Textual app under Pilot: waiting for a condition with a deadline, and the keys Pilot sends.

Shared by the UI tests, the app's sync tests and the TUI torture tests.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

DEADLINE = 30.0
"""Seconds before `until` gives up: generous for a loaded two-core machine; a passing test never waits it out."""


async def until(pilot: Any, condition: Callable[[], object], what: str = "the condition",
                timeout: float = DEADLINE) -> None:
    """Let the app run until `condition()` holds (never a bare sleep); fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for: {what}")
        await pilot.pause(0.02)


def key_event(key: str) -> events.Key:
    """The Key event `Pilot.press(key)` would send (same key name and character)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def timeline_text(app: Any) -> str:
    """The day screen's visible timeline lines as plain text."""
    view = app.day_screen.timeline_view
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def until_palette_offers(pilot: Any, text: str, timeout: float = 10.0) -> None:
    """Wait until the command palette's highlighted hit contains `text` (its search runs in a worker).

    A fixed pause was not enough on a busy machine: Enter then chose nothing, or an older hit.
    """
    deadline = time.monotonic() + timeout
    wanted = text.casefold()
    while time.monotonic() < deadline:
        lists = pilot.app.screen.query("CommandList")
        if lists:
            hits = lists.first()
            index = hits.highlighted
            if index is not None and hits.option_count and wanted in str(hits.get_option_at_index(index).prompt).casefold():
                return
        await pilot.pause(0.02)
    raise AssertionError(f"the palette never offered {text!r}")
