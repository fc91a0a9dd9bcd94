"""The names of things in the data dir: paths only, no I/O, no imports beyond the stdlib.

The store owns the data dir and its layout (see `core.store` for what each
entry holds and the modes it is created with). The layout is spelled here,
once, because two readers must find the same files without importing the
store (and with it pydantic): the start-up snapshot (`core.snapshot`) keys a
day's timeline by the bytes of its day file or routine.toml, and the caches
(`core.snapshot`, `themes.cache`) live in the store's cache dir.

The functions take and return Paths; `day_file_name` is the one relative name
that `core.snapshot` joins to a plain string (its key is on the path of `smm-tui
next`, which does not import pathlib: see cli/next.py). No pathlib at import here
either, for the same reason.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
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


def day_file_name(day: date) -> str:
    """A day file's name relative to the data dir ("days/2026-12-01.toml")."""
    return f"{DAYS}/{day.isoformat()}.toml"


def day_file(data_dir: Path, day: date) -> Path:
    return data_dir / day_file_name(day)


def cache_dir(data_dir: Path) -> Path:
    """Disposable caches for a fast start (snapshots, theme documents); the store clears stale temps here."""
    return data_dir / CACHE


def move_journal(data_dir: Path) -> Path:
    """Present only while tasks move between two days; the next open completes the move (core.moves)."""
    return data_dir / MOVE_JOURNAL


def history_index(data_dir: Path) -> Path:
    """The derived SQLite index of every day file's tasks (core.index); disposable like the rest of the cache."""
    return cache_dir(data_dir) / HISTORY_INDEX
