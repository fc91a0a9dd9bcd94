"""Problems found in user files, reported as one precise line each.

Every error a user can cause ends up as a `Problem`: the file, the line and
column when we know them, the field path when validation failed, and what was
expected. The CLI prints `str(problem)`; the TUI shows it in a notification.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file (or one argument)."""

    path: Path | None
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [p for p in (where, self.field, self.message) if p]
        return ": ".join(parts)


class SmmError(Exception):
    """Base of every error we expect to show the user as one line."""

    exit_code = 1


class DataError(SmmError):
    """A user file (or value) is malformed; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "invalid data")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageError(SmmError):
    """The user asked for something that cannot be: bad argument, unknown task."""

    exit_code = 2


class StoreBusy(SmmError):
    """Another process held the data-dir lock for longer than we wait."""


class SaveError(SmmError):
    """A write failed (disk full, I/O error); the old file is intact."""
