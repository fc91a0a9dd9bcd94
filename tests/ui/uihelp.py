"""Reading what the app saved: tests assert on the files on disk, not only on the screen."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

DAY = date(2026, 11, 26)
"""The frozen clock's day (a Thursday, 09:10 in Europe/Berlin)."""


def day_file(data_dir: Path, day: date = DAY) -> Path:
    return data_dir / "days" / f"{day.isoformat()}.toml"


def tasks_on_disk(data_dir: Path, day: date = DAY) -> dict[str, dict[str, Any]]:
    """The day's tasks as saved, by id ({} when the day has no file yet)."""
    path = day_file(data_dir, day)
    if not path.exists():
        return {}
    return {t["id"]: t for t in tomllib.loads(path.read_text())["tasks"]}


def status_on_disk(data_dir: Path, task_id: str, day: date = DAY) -> str:
    return tasks_on_disk(data_dir, day)[task_id]["status"]


def screen_text(app: Any) -> str:
    """The visible timeline lines as plain text."""
    view = app.day_screen.timeline_view
    height = view.size.height
    return "\n".join(view.render_line(y).text for y in range(height))


async def until_palette_offers(pilot: Any, text: str, timeout: float = 10.0) -> None:
    """Wait until the command palette's highlighted hit contains `text` (its search runs in a worker).

    A fixed pause was not enough on a busy machine: Enter then chose nothing, or an older hit.
    """
    import time

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
