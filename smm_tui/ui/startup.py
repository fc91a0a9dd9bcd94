"""What the first frame needs, read without pydantic.

The first paint must land within 1.2x of a blank Textual app (benchmarks/
first_paint.py). Validating config, theme and day with pydantic costs more
than that whole margin, so the first frame is drawn from data that was
validated on an earlier run and cached by content (`core.snapshot` for the
timeline, `ui.themes.quick_theme` for the theme), plus two values read from
config.toml with tomllib (theme name, keymap) that are checked again when
the validated settings arrive a moment later (see SmmApp's loader).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from smm_tui.core import snapshot
from smm_tui.core.regular import MAX_FILE_BYTES, read_regular
from smm_tui.core.timeline import Timeline
from smm_tui.ui.themes import DEFAULT_THEME, cache_usable, quick_theme


class QuickStart:
    """The unvalidated-but-cached state of the first frame."""

    __slots__ = ("timeline", "theme_doc", "theme_name", "keymap")

    def __init__(self, timeline: Timeline | None = None, theme_doc: dict[str, Any] | None = None,
                 theme_name: str = DEFAULT_THEME, keymap: dict[str, str] | None = None) -> None:
        self.timeline = timeline
        """The day from its snapshot; None on a miss (the screen says "Loading…")."""
        self.theme_doc = theme_doc
        self.theme_name = theme_name
        self.keymap = keymap or {}


def _config_values(config: Path) -> dict[str, Any]:
    try:
        text = read_regular(config, MAX_FILE_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}  # reported by the validated load
    import tomllib  # only when there is a config: the import alone is a few ms

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def snapshot_timeline(data_dir: Path, day: date, config: Path) -> Timeline | None:
    if os.environ.get("SMM_TUI_NO_SNAPSHOT") or not cache_usable(data_dir):
        return None
    key = snapshot.key(data_dir, day, config)
    doc = snapshot.load(data_dir, day, key) if key else None
    if doc is None:
        return None
    try:
        return Timeline.from_doc(doc)
    except (KeyError, TypeError, ValueError):
        return None


def quick_start(data_dir: Path, config: Path, day: date) -> QuickStart:
    values = _config_values(config)
    name = values.get("theme")
    name = name if isinstance(name, str) and name else DEFAULT_THEME
    keymap = values.get("keymap")
    keymap = {k: v for k, v in keymap.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(keymap, dict) else {}
    theme_doc = quick_theme(name, config, data_dir)
    if theme_doc is None and name != DEFAULT_THEME:
        name = DEFAULT_THEME
        theme_doc = quick_theme(name, config, data_dir)
    return QuickStart(snapshot_timeline(data_dir, day, config), theme_doc, name, keymap)
