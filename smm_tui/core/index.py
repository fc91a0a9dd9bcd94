"""The history index: a derived SQLite copy of every day file's tasks, for statistics and search.

Why: ten years of use is 3,650 day files; parsing and validating them costs
seconds (TOML and pydantic), while statistics and search need a few columns of
every task. The index keeps those columns in one SQLite file so a question
over any range is one query. SQLite because it is in the standard library,
keeps everything in one file with transactions (a killed writer leaves the
previous state), and has indexes for date ranges and text search.

Never the source of truth: the day files are. Every row of `files` records
the size, mtime, ctime and inode of the file it was read from, plus a hash of
its bytes. `refresh` stats every day file (cheap) and re-reads only those whose
stat differs; a file whose bytes hash the same is not parsed again. A file
changed behind the index's back (an editor, a sync tool, a restore) is
therefore always noticed, because any write changes ctime, which cannot be
set back. The store updates a day's rows on every save (`record`), so the
next refresh has nothing to do for it. An index that SQLite cannot read, or
that was written by another schema version, is deleted and built again
without a word; where it cannot be kept at all (a read-only data dir, a
planted non-file at its path), an in-memory index built for the one question
answers instead.

Lives at `<data dir>/.cache/index.sqlite` (0600 like every data file); delete
it any time. When nothing changed, answering needs neither TOML nor pydantic:
those are imported only to re-read a changed file, which keeps `stats` and
`search` close to the cost of starting Python.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

from smm_tui.core.atomicfile import ensure_dir
from smm_tui.core.datadir import history_index
from smm_tui.core.errors import DataError, Problem
from smm_tui.core.snapshot import blake2b

if TYPE_CHECKING:
    from smm_tui.core.models import Day

SCHEMA_VERSION = 1
BATCH = 200
"""Day files parsed per transaction during a refresh (and per progress report)."""

_DAY_FILE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\.toml", re.ASCII)

_SCHEMA = """
CREATE TABLE files (
    date TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER, hash BLOB,
    problem TEXT, zone TEXT, settled_utc REAL
);
CREATE TABLE tasks (
    date TEXT NOT NULL, pos INTEGER NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, start INTEGER NOT NULL,
    minutes INTEGER NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, slot TEXT, note TEXT NOT NULL,
    platforms TEXT NOT NULL, weekday INTEGER NOT NULL, starts_utc REAL NOT NULL, ends_utc REAL NOT NULL,
    over_utc REAL NOT NULL, done_utc REAL, late_minutes REAL, inside INTEGER,
    PRIMARY KEY (date, id)
) WITHOUT ROWID;
CREATE INDEX tasks_lateness ON tasks (kind, late_minutes, date) WHERE late_minutes IS NOT NULL;
CREATE TABLE platforms (
    date TEXT NOT NULL, id TEXT NOT NULL, platform TEXT NOT NULL, status TEXT NOT NULL, ends_utc REAL NOT NULL,
    over_utc REAL NOT NULL
);
CREATE INDEX platforms_by_date ON platforms (date);
CREATE TABLE day_counts (
    dim TEXT NOT NULL, date TEXT NOT NULL, key TEXT NOT NULL, planned INTEGER NOT NULL, done INTEGER NOT NULL,
    skipped INTEGER NOT NULL, open INTEGER NOT NULL, minutes INTEGER NOT NULL, late_n INTEGER NOT NULL,
    inside INTEGER NOT NULL, settled_utc REAL NOT NULL,
    PRIMARY KEY (dim, date, key)
) WITHOUT ROWID;
"""
"""Denormalised on purpose. `day_counts` holds each day's counts per kind, platform, weekday
and slot, so ten years of statistics read ~10 narrow rows a day instead of every task: an
aggregate over 146,000 task rows cost 100-250 ms here, over the day counts a tenth of that.
A day is *settled* once it is over and every task's end has passed (`settled_utc`): its open
tasks are then missed for good, so only the few unsettled days (today, tomorrow) are counted
from `tasks` at the moment asked. `platforms` has one row per task and platform ('' for
none) for search's platform filter and the unsettled days' platform counts."""

Stat = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a day file."""

TaskRow = tuple[str, int, str, str, int, int, str, str, str | None, str, str, int, float, float, float,
                float | None, float | None, int | None]
"""One `tasks` row, in column order."""


def index_path(data_dir: Path) -> Path:
    return history_index(data_dir)


def keep_in_step(index: HistoryIndex | None, data_dir: Path, day: Day, data: bytes, path: Path) -> HistoryIndex | None:
    """After the store saved `day` as `data`: record it in the index (opened on first use); best effort.

    The store calls this only when the index exists. A failure costs nothing
    but time: the file's new stat makes the next refresh re-read it, and None
    (the index closed) has the store open it afresh on its next save.
    """
    if index is None:
        index = HistoryIndex(data_dir)
    try:
        index.record(day, data, path)
    except (sqlite3.Error, OSError):
        index.close()
        return None
    return index


def over_utc(day: Day) -> float:
    """The instant the day is over (its next midnight, in its zone), as epoch seconds."""
    from smm_tui.core.wallclock import resolve

    return resolve(day.date, time(0), day.zone, day_offset=1).timestamp()


CountRow = tuple[str, str, str, int, int, int, int, int, int, int, float]
"""One `day_counts` row, in column order."""


def count_rows(day_key: str, weekday: int, rows: list[TaskRow], over: float) -> list[CountRow]:
    """A day's `day_counts` rows from its task rows (slot None and no platform: key '')."""
    settled = max([over, *(r[13] for r in rows)])
    sums: dict[tuple[str, str], list[int]] = {("weekday", str(weekday)): [0] * 7}
    for r in rows:
        status = r[7]
        keys = [("kind", r[6]), ("weekday", str(weekday)), ("slot", r[8] or "")]
        keys += [("platform", p) for p in r[10].split("\n")]
        for dim_key in keys:
            acc = sums.setdefault(dim_key, [0] * 7)
            acc[0] += 1
            acc[1] += status == "done"
            acc[2] += status == "skipped"
            acc[3] += status == "todo"
            acc[4] += r[5]
            acc[5] += r[16] is not None
            acc[6] += r[17] or 0
    return [(dim, day_key, key, acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], settled)
            for (dim, key), acc in sums.items()]


def day_rows(day: Day) -> list[TaskRow]:
    """The `tasks` rows of a day: the fields stats and search read, with instants resolved once.

    Instants come from core.timeline (the one place wall times become
    instants), so late/inside/missed here mean what they mean on screen.
    `late_minutes` is the tick's distance from the slot's start (negative:
    ticked early) and `inside` whether the tick fell within the slot.
    """
    from smm_tui.core.timeline import build

    rows: list[TaskRow] = []
    key = day.date.isoformat()
    weekday = day.date.weekday()
    over = over_utc(day)
    for entry in build(day).entries:
        starts, ends = entry.starts_at.timestamp(), entry.ends_at.timestamp()
        done = entry.done_at.timestamp() if entry.done_at is not None and entry.status == "done" else None
        rows.append((
            key, entry.position, entry.id, entry.title, entry.start.hour * 60 + entry.start.minute, entry.minutes,
            entry.kind, entry.status, entry.slot, entry.note, "\n".join(entry.platforms), weekday, starts, ends, over,
            done, (done - starts) / 60 if done is not None else None,
            int(starts <= done <= ends) if done is not None else None,
        ))
    return rows


@dataclass
class Refreshed:
    """What a refresh did: files read (changed or new), dropped (deleted), and the ones that failed."""

    total: int = 0
    read: int = 0
    dropped: int = 0
    problems: list[Problem] = field(default_factory=list)


def _file_stat(st: os.stat_result) -> Stat:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class HistoryIndex:
    """The index of one data dir; see the module docstring."""

    def __init__(self, data_dir: Path, *, in_memory: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.days_dir = self.data_dir / "days"
        self.path = index_path(self.data_dir)
        self.in_memory = in_memory
        self._db: sqlite3.Connection | None = None

    # --- the connection -----------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._connect()
        return self._db

    def _connect(self) -> sqlite3.Connection:
        if not self.in_memory:
            try:
                return self._open_file()
            except (OSError, sqlite3.Error):
                self.in_memory = True  # cannot keep an index here (read-only dir, a non-file at the path)
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.executescript(_SCHEMA)
        return db

    def _open_file(self) -> sqlite3.Connection:
        ensure_dir(self.path.parent)
        for attempt in range(2):
            self._make_private_file()
            # The app's store saves from worker threads: one connection, used under the store's lock.
            db = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
            try:
                # A derived cache: a SIGKILL keeps the last commit (WAL); a power cut may lose
                # recent rows or the file, which refresh and the schema check then rebuild.
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION:
                    if version != 0 or db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                        raise sqlite3.DatabaseError("another schema version")
                    with db:
                        db.executescript(_SCHEMA)
                        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                return db
            except sqlite3.DatabaseError:
                db.close()
                if attempt:
                    raise
                self._delete_file()  # corrupt or of another version: start afresh, silently
        raise AssertionError("unreachable")

    def _make_private_file(self) -> None:
        """Create the database file 0600 before SQLite does (it would use the umask); its WAL follows its mode."""
        try:
            mode = os.lstat(self.path).st_mode
        except FileNotFoundError:
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
            return
        if not stat.S_ISREG(mode):
            raise OSError(f"{self.path}: not a regular file")

    def _delete_file(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass

    def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            try:
                db.close()
            except sqlite3.Error:
                pass  # a derived cache: nothing to lose

    # --- keeping it in step with the files ---------------------------------------------------

    def _put(self, day_key: str, st: Stat, digest: bytes, day: Day | None, problem: str | None) -> None:
        db = self.db
        for table in ("tasks", "platforms", "day_counts"):
            db.execute(f"DELETE FROM {table} WHERE date = ?", (day_key,))  # fixed table names
        if day is None:
            db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (day_key, *st, digest, problem, None, None))
            return
        rows = day_rows(day)
        counts = count_rows(day_key, day.date.weekday(), rows, over_utc(day))
        db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (day_key, *st, digest, None, day.zone, counts[0][-1]))
        db.executemany(f"INSERT INTO tasks VALUES ({', '.join('?' * 18)})", rows)
        db.executemany("INSERT INTO platforms VALUES (?, ?, ?, ?, ?, ?)",
                       [(day_key, r[2], p, r[7], r[13], r[14]) for r in rows for p in (r[10].split("\n"))])
        db.executemany(f"INSERT INTO day_counts VALUES ({', '.join('?' * 11)})", counts)

    def record(self, day: Day, data: bytes, path: Path) -> None:
        """A day the store just saved (`data` is what it wrote to `path`): replace its rows."""
        try:
            st = _file_stat(os.stat(path))
        except OSError:
            return
        with self.db:
            self._put(day.date.isoformat(), st, blake2b(data, digest_size=16).digest(), day, None)

    def refresh(self, progress: Callable[[int, int], None] | None = None) -> Refreshed:
        """Bring the index in step with the day files (see the module docstring); what it did."""
        on_disk = self._scan()
        known = {row[0]: (tuple(row[1:5]), row[5]) for row in
                 self.db.execute("SELECT date, size, mtime_ns, ctime_ns, ino, hash FROM files")}
        result = Refreshed(total=len(on_disk))
        gone = [key for key in known if key not in on_disk]
        changed = sorted(key for key, st in on_disk.items() if key not in known or known[key][0] != st)
        with self.db:
            for key in gone:
                for table in ("files", "tasks", "platforms", "day_counts"):
                    self.db.execute(f"DELETE FROM {table} WHERE date = ?", (key,))  # fixed table names
        result.dropped = len(gone)
        for start in range(0, len(changed), BATCH):
            with self.db:
                for key in changed[start:start + BATCH]:
                    self._reread(key, known.get(key, (None, None))[1], result)
            if progress is not None:
                progress(min(start + BATCH, len(changed)), len(changed))
        for (_key, problem) in self.db.execute("SELECT date, problem FROM files WHERE problem IS NOT NULL"):
            result.problems.append(Problem(None, problem))
        return result

    def _scan(self) -> dict[str, Stat]:
        found: dict[str, Stat] = {}
        try:
            entries = list(os.scandir(self.days_dir))
        except FileNotFoundError:
            return found
        for entry in entries:
            match = _DAY_FILE.fullmatch(entry.name)
            if match is None:
                continue
            try:
                st = entry.stat()  # follows a symlink the user made, as the store does
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found[match.group(1)] = _file_stat(st)
        return found

    def _reread(self, key: str, old_digest: bytes | None, result: Refreshed) -> None:
        from smm_tui.core import codec, tomlfile  # parsing: only for files that changed (see the module doc)

        path = self.days_dir / f"{key}.toml"
        try:
            before = _file_stat(os.stat(path))
            data = tomlfile.read_bytes(path)
            after = _file_stat(os.stat(path))
        except OSError:
            return  # gone or unreadable now: the next refresh looks again
        if before != after:
            return  # being written right now: its next stat differs from anything recorded
        digest = blake2b(data, digest_size=16).digest()
        if digest == old_digest:
            self.db.execute("UPDATE files SET size=?, mtime_ns=?, ctime_ns=?, ino=? WHERE date=?", (*after, key))
            return
        result.read += 1
        try:
            day = codec.day_from_toml(path, data)
            if day.date.isoformat() != key:
                raise DataError([Problem(path, f"date {day.date} does not match the file name (expected {key})")])
        except DataError as exc:
            self._put(key, after, digest, None, str(exc.problems[0]) if exc.problems else f"{path}: invalid")
            return
        self._put(key, after, digest, day, None)
