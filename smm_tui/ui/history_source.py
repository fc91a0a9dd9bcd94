"""What the statistics and search screens ask of the history: the ranges, and the index behind a lock.

No Textual here: the screens run these calls in worker threads, so a query
over ten years never blocks a key. The figures are core.stats' (the same
`compute` and `search` as `smm-tui stats` / `smm-tui search`); this module
only picks the range, adds the two chart series (share done per week and per
day of a month, each a `core.stats.total` over that span), and keeps one
index connection per screen, used by one thread at a time.

The index is opened as the CLI opens it: `HistoryIndex(data_dir)` brought in
step with the day files by `refresh`, whose progress callback drives the
screen's ProgressBar during a first build. The app's store is already open,
so a move journal has been completed before any screen can ask.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from smm_tui.core.clock import Clock, today

if TYPE_CHECKING:
    import sqlite3

    from smm_tui.core.index import HistoryIndex
    from smm_tui.core.stats import Hit, Stats

Progress = Callable[[int, int], None]

PROGRESS_FROM = 50
"""Day files to (re)read before a progress bar is worth showing (as the CLI's progress line)."""
SPAN_NAMES = {"week": "this week", "4weeks": "last 4 weeks", "month": "this month", "range": "chosen range"}
"""The ranges the statistics screen switches between, and how its title names them."""
MIN_WEEKS, MAX_WEEKS = 12, 53
"""The sparkline shows the weeks of the range, at least the last 12 and at most the last 53 up to its end."""

_RANGE = re.compile(r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*(?:\.\.|to|\s)\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*",
                    re.ASCII)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def span(name: str, today_: date) -> tuple[date, date]:
    """The first and last day of a named range around `today_` (weeks run Monday to Sunday, as `stats`)."""
    if name == "week":
        first = week_start(today_)
        return first, first + timedelta(days=6)
    if name == "4weeks":
        return week_start(today_) - timedelta(days=21), week_start(today_) + timedelta(days=6)
    if name == "month":
        first = today_.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    raise ValueError(f"unknown range {name!r}")


def shifted(first: date, last: date, name: str, step: int) -> tuple[date, date]:
    """The range `step` periods before (-1) or after (+1): months by month, the rest by their length."""
    if name == "month":
        anchor = first
        for _ in range(abs(step)):
            anchor = (anchor - timedelta(days=1)).replace(day=1) if step < 0 else \
                (anchor + timedelta(days=32)).replace(day=1)
        return span("month", anchor)
    length = timedelta(days=(last - first).days + 1)
    return first + step * length, last + step * length


def parse_range(text: str) -> tuple[date, date]:
    """'2026-01-01 2026-06-30' (or with `..` / `to`) -> the two days; ValueError with one precise line."""
    match = _RANGE.fullmatch(text)
    if match is None:
        raise ValueError("expected two dates YYYY-MM-DD YYYY-MM-DD (first and last day)")
    days = []
    for part in match.groups():
        try:
            days.append(date.fromisoformat(part))
        except ValueError:
            raise ValueError(f"{part}: not a date (expected YYYY-MM-DD)") from None
    if days[1] < days[0]:
        raise ValueError(f"the last day {days[1]} is before the first {days[0]}")
    return days[0], days[1]


class HistoryUnavailable(Exception):
    """The index could not be opened or read (its message is one line: what failed)."""


class Stopped(Exception):
    """Raised by a progress callback to stop a first build whose screen has closed.

    The build commits in batches, so what was read is kept and the next
    screen continues from there; quitting the app does not wait for the rest.
    """


@dataclass(frozen=True)
class StatsView:
    """Everything the statistics screen draws for one range."""

    stats: Stats
    weeks: list[tuple[date, float]]
    """(Monday, share done) for the sparkline; 0.0 for a week with nothing counted."""
    month: date
    """The first day of the heatmap's month (the month of the range's last day)."""
    month_days: list[tuple[date, float | None, bool]]
    """(day, share done or None when nothing was planned, whether the day has a file)."""


class HistorySource:
    """The history index of one data dir for one screen: refreshed once, queried under a lock."""

    def __init__(self, data_dir: Path, clock: Clock) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self._lock = threading.Lock()
        self._index: HistoryIndex | None = None
        self._problems: list[str] = []
        self._close_when_done = False

    def _db(self, progress: Progress | None) -> sqlite3.Connection:
        """The index connection, brought in step with the day files the first time it is asked for."""
        if self._index is None:
            from smm_tui.core.index import HistoryIndex  # sqlite3 and the index: only once a screen asks

            index = HistoryIndex(self.data_dir)
            try:
                refreshed = index.refresh(progress)
            except BaseException:
                index.close()
                raise
            self._problems = [str(p) for p in refreshed.problems]
            self._index = index
        return self._index.db

    def stats(self, first: date, last: date, progress: Progress | None = None) -> StatsView:
        from smm_tui.core.stats import compute, total

        with self._locked():
            db = self._db(progress)
            now = self.clock.now()
            day = today(self.clock)
            result = compute(db, first, last, now, day, "kind", list(self._problems))
            last_week = week_start(last)
            count = min(MAX_WEEKS, max(MIN_WEEKS, (last_week - week_start(first)).days // 7 + 1))
            weeks = []
            for n in range(count - 1, -1, -1):
                monday = last_week - timedelta(weeks=n)
                counts = total(db, monday, monday + timedelta(days=6), now)
                weeks.append((monday, counts.done / counts.planned if counts.planned else 0.0))
            month = last.replace(day=1)
            end = (month + timedelta(days=32)).replace(day=1)
            with_file = {row[0] for row in db.execute(
                "SELECT date FROM files WHERE problem IS NULL AND date >= ? AND date < ?",
                (month.isoformat(), end.isoformat()))}
            month_days: list[tuple[date, float | None, bool]] = []
            cell = month
            while cell < end:
                counts = total(db, cell, cell, now)
                month_days.append((cell, counts.done / counts.planned if counts.planned else None,
                                   cell.isoformat() in with_file))
                cell += timedelta(days=1)
            return StatsView(result, weeks, month, month_days)

    def search(self, text: str, progress: Progress | None = None, limit: int = 200) -> list[Hit]:
        from smm_tui.core.stats import search

        with self._locked():
            return search(self._db(progress), text, limit=limit)

    @property
    def problems(self) -> list[str]:
        """Day files the index could not read (named once the first query ran)."""
        return list(self._problems)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the lock; SQLite and file errors come out as HistoryUnavailable (the index is a cache)."""
        import sqlite3

        with self._lock:
            try:
                yield
            except (sqlite3.Error, OSError) as exc:
                self._close_index()  # the next query opens it afresh (and rebuilds it if it is corrupt)
                raise HistoryUnavailable(f"{type(exc).__name__}: {exc}") from exc
            finally:
                if self._close_when_done:
                    self._close_index()

    def close(self) -> None:
        """Close the index now, or - while a query runs - as soon as it is done.

        Never waits: the screen closes on the app's thread, and a query that is
        reporting progress waits for that thread (`call_from_thread`).
        """
        if self._lock.acquire(blocking=False):
            try:
                self._close_index()
            finally:
                self._lock.release()
        else:
            self._close_when_done = True

    def _close_index(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
