"""The names of things in the data dir: paths only, no I/O, no imports beyond the stdlib.

The store owns the data dir and its layout (see `core.store` for what each
entry holds and the modes it is created with). The layout is spelled here,
once, because two readers must find the same files without importing the
store (and with it pydantic): the start-up snapshot (`core.snapshot`) keys a
day's timeline by the bytes of its day file or routine.toml, and the caches
(`core.snapshot`, `themes.cache`) live in the store's cache dir.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROUTINE = "routine.toml"
DAYS = "days"
BACKUPS = "backups"
STATE = "state"
CACHE = ".cache"
LOCK = ".lock"
MOVE_JOURNAL = "move.journal.toml"
HISTORY_INDEX = "index.sqlite"


def routine_file(data_dir: Path) -> Path:
    return data_dir / ROUTINE


def days_dir(data_dir: Path) -> Path:
    return data_dir / DAYS


def day_file(data_dir: Path, day: date) -> Path:
    return days_dir(data_dir) / f"{day.isoformat()}.toml"


def cache_dir(data_dir: Path) -> Path:
    """Disposable caches for a fast start (snapshots, theme documents); the store clears stale temps here."""
    return data_dir / CACHE


def move_journal(data_dir: Path) -> Path:
    """Present only while tasks move between two days; the next open completes the move (core.moves)."""
    return data_dir / MOVE_JOURNAL


def history_index(data_dir: Path) -> Path:
    """The derived SQLite index of every day file's tasks (core.index); disposable like the rest of the cache."""
    return cache_dir(data_dir) / HISTORY_INDEX
