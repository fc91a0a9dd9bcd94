"""Reading what the program saved: tests assert on the files on disk, not only on the screen."""

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
