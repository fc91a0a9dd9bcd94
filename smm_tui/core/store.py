"""The TOML store: the only code that writes user data.

Layout of the data dir (all dirs 0700, all files 0600):

    routine.toml            the recurring template (written from the default on first start)
    days/YYYY-MM-DD.toml    one file per day, created when that day is first changed
    backups/days/...toml.N  the last BACKUPS versions of each day file (1 = newest)
    state/*.toml            app-owned state (e.g. which reminders fired)
    .cache/                 snapshots for fast start-up (see core.snapshot); disposable
    .lock                   advisory lock taken for each read-modify-write
    move.journal.toml       only while tasks move between two days (see core.moves)

Two writers: every change is a read-modify-write done under an exclusive
`flock` on `.lock`, and the "read" re-reads the file from disk under that
lock, so a change made meanwhile by another process (the TUI, `smm-tui done`
in another terminal, an editor) is the base the new change applies to - it is
merged by task id, never overwritten. A writer that cannot get the lock within
`lock_timeout` seconds gets StoreBusy with a clear message instead of waiting
forever. The lock is never held for the app's lifetime.

A file that fails to parse or validate raises DataError and is never written
over; other days keep working.

Outside edits: an editor takes no lock and may rewrite a day file in place, so
update_day first waits, under the lock, until the file is settled, and
compares it again right before the rename; see `core.outside_edits` for how
and for the limits. Backups of the replaced versions are `core.backups`; the
app-owned state files are `core.statefiles` (both written through this
store, under its lock).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING, Any

from smm_tui.core import backups, codec, datadir, moves, statefiles, tomlfile
from smm_tui.core.atomicfile import ensure_dir, remove_stale_temps, write_atomic
from smm_tui.core.clock import Clock
from smm_tui.core.errors import DataError, Problem, SaveError, StoreBusy
from smm_tui.core.models import Day, Routine
from smm_tui.core.moves import Move
from smm_tui.core.outside_edits import SETTLE, SettleWatch, Signature, open_for_writing, signature
from smm_tui.core.regular import NotRegular
from smm_tui.core.routine import DEFAULT_ROUTINE_TOML, expand
from smm_tui.core.statefiles import SetAside

if TYPE_CHECKING:
    from smm_tui.core.index import HistoryIndex

LOCK_TIMEOUT = 5.0


class _ChangedMeanwhile(Exception):
    """The day file changed between reading it and replacing it: start the change over."""


class Store:
    """Reads and atomically writes one data dir; see the module docstring for the contract."""

    def __init__(
        self, data_dir: Path, clock: Clock, *, lock_timeout: float = LOCK_TIMEOUT, settle: float = SETTLE
    ) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.lock_timeout = lock_timeout
        self._lock_obj: Any = None
        self._routine_cache: tuple[bytes, Routine] | None = None
        self._day_cache: dict[date, tuple[bytes, Day]] = {}
        # settle: seconds an outside change must be quiet before update_day builds on it (0: only
        # the open-for-writing check; tests that fork writers back to back use that).
        self._settle_watch = SettleWatch(self.data_dir / datadir.LOCK, self.read, settle=settle,
                                         lock_timeout=lock_timeout)
        self._index: HistoryIndex | None = None
        """The history index, once a save found one to keep in step (core.index)."""

    # --- layout -----------------------------------------------------------------

    @property
    def routine_path(self) -> Path:
        return datadir.routine_file(self.data_dir)

    @property
    def days_dir(self) -> Path:
        return datadir.days_dir(self.data_dir)

    @property
    def cache_dir(self) -> Path:
        """Disposable start-up caches (snapshots, theme documents); see core.datadir."""
        return datadir.cache_dir(self.data_dir)

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups" / "days"

    @property
    def state_dir(self) -> Path:
        return self.data_dir / "state"

    def day_path(self, day: date) -> Path:
        return datadir.day_file(self.data_dir, day)

    def backup_path(self, day: date, generation: int = 1) -> Path:
        return backups.backup_path(self.backups_dir, self.day_path(day), generation)

    # --- set-up -----------------------------------------------------------------

    def open(self, *, write: bool = True) -> Store:
        """Create the layout on first start, refuse unsafe dirs, clean up after killed writers.

        write=False is for commands that only read (today, export, dry runs): on a data dir
        that is set up they take no lock and create nothing, so a read-only one (a read-only
        mount, a backup snapshot) can still be read. Only a first start sets the dir up,
        and where that is impossible the embedded default routine is read instead.
        """
        self._check_dir_is_private(self.data_dir)
        if not write:
            # A move a killed writer left half done is completed first, so that a reader
            # never sees its tasks in both days (or in neither); see core.moves.
            if os.path.lexists(self.routine_path) and not os.path.lexists(self.journal_path):
                return self
            try:
                return self.open()
            except (SaveError, StoreBusy):
                return self  # cannot be set up (read-only): load_routine falls back to the default
        try:
            for directory in (self.data_dir, self.days_dir, self.backups_dir, self.state_dir):
                ensure_dir(directory)
            with self.locked():
                # .cache too: a process killed while refreshing a snapshot leaves its temp there.
                for directory in (self.data_dir, self.days_dir, self.backups_dir, self.state_dir,
                                  self.cache_dir):
                    remove_stale_temps(directory)
                if not self.routine_path.exists():
                    write_atomic(self.routine_path, DEFAULT_ROUTINE_TOML.encode())
                moves.finish_pending(self)
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise SaveError(f"{exc.filename or self.data_dir}: the data dir is read-only "
                                f"({exc.strerror or exc}); nothing was changed") from None
            raise SaveError(f"{exc.filename or self.data_dir}: cannot set up the data dir: {exc.strerror or exc}") from None
        return self

    @classmethod
    def _check_dir_is_private(cls, directory: Path) -> None:
        if (problem := cls._dir_problem(directory)) is not None:
            raise SaveError(f"{directory}: {problem}")

    @staticmethod
    def _dir_problem(directory: Path) -> str | None:
        """Why `directory` cannot be our data dir (None: it can, or it does not exist yet)."""
        try:
            mode = os.stat(directory).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"cannot use the data dir: {exc.strerror or exc}"
        if not stat.S_ISDIR(mode):
            return "the data dir exists but is not a directory"
        # Also with the sticky bit (/tmp): others could still plant days/, backups/ or .cache/.
        if mode & stat.S_IWOTH:
            return ("refusing a world-writable data dir (anyone could add or replace files in it); "
                    f"use a private directory (chmod 700 {directory} if it is yours)")
        return None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """The data dir's write lock, held for one read-modify-write (or one move: core.moves)."""
        import filelock

        if self._lock_obj is None:
            self._lock_obj = filelock.FileLock(self.data_dir / ".lock", mode=0o600)
        try:
            self._lock_obj.acquire(timeout=self.lock_timeout)
        except filelock.Timeout:
            raise StoreBusy(
                f"{self.data_dir}: another smm-tui process has been writing for over "
                f"{self.lock_timeout:g} s; try again"
            ) from None
        except OSError as exc:  # the lock file cannot be opened: disk full, read-only, not a file
            reason = "no space left on device" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise SaveError(f"{self.data_dir}: the data dir is read-only ({reason}); nothing was changed") from None
            raise SaveError(f"{self.data_dir / '.lock'}: cannot lock the data dir ({reason}); nothing was changed") from None
        try:
            yield
        finally:
            self._lock_obj.release()

    # --- reading ----------------------------------------------------------------

    def read(self, path: Path) -> bytes | None:
        """A data file's bytes (None: missing); DataError for what is not a readable regular file."""
        try:
            return tomlfile.read_bytes(path)
        except FileNotFoundError:
            return None
        except NotRegular as exc:
            raise DataError([Problem(path, f"{exc.strerror}; smm-tui reads only regular files")]) from None
        except OSError as exc:
            raise DataError([Problem(path, f"cannot read: {exc.strerror or exc}")]) from None

    def load_routine(self) -> Routine:
        data = self.read(self.routine_path)
        if data is None:
            data = DEFAULT_ROUTINE_TOML.encode()
        if self._routine_cache is not None and self._routine_cache[0] == data:
            return self._routine_cache[1]
        routine = codec.routine_from_toml(self.routine_path, data)
        self._routine_cache = (data, routine)
        return routine

    def has_day_file(self, day: date) -> bool:
        return self.day_path(day).exists()

    def load_day(self, day: date) -> Day:
        """The day from its file, or the routine expanded for it when it has none."""
        return self._load_day(day)[0]

    def _load_day(self, day: date) -> tuple[Day, bytes | None]:
        """The day and the exact bytes it came from (None: expanded from the routine).

        Parsed days are cached by content, not by mtime: an in-place rewrite of
        the same size within one timestamp tick must still be seen.
        """
        path = self.day_path(day)
        data = self.read(path)
        if data is None:
            return expand(self.load_routine(), day, self.clock.zone_name()), None
        cached = self._day_cache.get(day)
        if cached is not None and cached[0] == data:
            return cached[1], data
        loaded = codec.day_from_toml(path, data)
        if loaded.date != day:
            raise DataError(
                [Problem(path, f"date {loaded.date} does not match the file name (expected {day})",
                         tomlfile.locate(data.decode("utf-8", "replace"), ("date",)), None, "date")]
            )
        self._day_cache[day] = (data, loaded)
        return loaded, data

    def settled_day(self, day: date) -> tuple[Day, bytes | None] | None:
        """The day and its bytes once the file is settled (lock held); None: it changed meanwhile."""
        settled = self._settle_watch.wait(day, self.day_path(day))
        current, data = self._load_day(day)
        return (current, data) if data == settled else None

    def day_signature(self, day: date) -> Signature | None:
        return signature(self.day_path(day))

    # --- writing ----------------------------------------------------------------

    def update_day(self, day: date, change: Callable[[Day], Day]) -> Day:
        """Apply `change` to the freshest on-disk day under the lock, save it durably, return it.

        `change` may raise (KeyError for a task that vanished, ValueError for a
        refused edit); nothing is written then.
        """
        with self.locked():
            return self.update_locked(day, change)

    def update_locked(self, day: date, change: Callable[[Day], Day]) -> Day:
        """update_day's read-modify-write; the caller holds the lock (update_day, core.moves)."""
        path = self.day_path(day)
        for _attempt in range(5):
            if (loaded := self.settled_day(day)) is None:
                continue  # changed since it settled
            current, data = loaded
            updated = change(current)
            if updated == current:
                return current
            # An editor (which takes no lock) may rewrite the file while we save;
            # then start over on what is there now rather than clobber it.
            try:
                return self._write_day(updated, expect=data)
            except _ChangedMeanwhile:
                continue
        raise StoreBusy(f"{path}: the file keeps changing while saving; try again")

    # --- moves between days (core.moves says why a journal) -------------------------

    @property
    def journal_path(self) -> Path:
        return datadir.move_journal(self.data_dir)

    def move_tasks(self, source: date, target: date, plan: Callable[[Day, Day], Move]) -> Move:
        """Move tasks from one day to another as one logical change; the Move done.

        `plan` gets the freshest source and target days (under the lock) and
        returns the Move; it may raise like update_day's `change`, and nothing
        is written then. A kill at any moment leaves every task in exactly one
        of the two days: the journal is durable before either day changes, and
        the next open() completes the move (core.moves).
        """
        return moves.move_tasks(self, source, target, plan)

    def save_day(self, new: Day) -> Day:
        """Write a whole day (import, tests); prefer update_day for edits."""
        with self.locked():
            return self._write_day(new)

    def _write_day(self, new: Day, *, expect: bytes | EllipsisType | None = ...) -> Day:
        """Save a day durably, then keep the version it replaced as backup .1; the day as saved.

        The file lists tasks in agenda order (codec), so the day returned and
        cached is in that order too: this process then holds exactly what any
        other reader gets from the file.

        The error message is checked against the disk, not assumed: when the
        failure came after the rename (directory fsync, backup rotation) the new
        version *is* on disk, the cache says so and the message does too.
        Backups rotate only after a successful save, so failed attempts (a full
        disk, retried) never push real old versions out.

        With `expect` (the bytes the change was based on; None: no file), the
        file is compared once more right before the rename - after the slow
        part, the fsync - and _ChangedMeanwhile aborts the save if it moved.
        """
        path = self.day_path(new.date)
        ordered = new.ordered()
        if any(a is not b for a, b in zip(ordered, new.tasks, strict=True)):
            new = new.model_copy(update={"tasks": ordered})
        data = tomlfile.gate(path, codec.day_to_toml(new).encode(), new, codec.day_from_toml)

        def unchanged() -> None:
            if expect is not ... and (self.read(path) != expect or open_for_writing(path)):
                raise _ChangedMeanwhile

        saved = False
        try:
            ensure_dir(self.days_dir)
            staged = backups.stage(self.backups_dir, path)
            try:
                write_atomic(path, data, before_replace=unchanged)
            except BaseException:
                backups.discard(staged)
                raise
            saved = True
            if staged is not None:
                backups.rotate(self.backups_dir, path, staged)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if exc.errno == errno.ENOSPC:
                reason = "no space left on device"
            if saved:
                self._day_cache[new.date] = (data, new)
                raise SaveError(f"{path}: saved, but the previous version could not be kept as a backup ({reason})") from None
            if self.read(path) == data:  # the rename happened; only making it durable failed
                self._day_cache[new.date] = (data, new)
                raise SaveError(f"{path}: saved, but the disk reported an error making it durable ({reason}); check the disk") from None
            raise SaveError(f"{path}: could not save ({reason}); the file on disk is unchanged") from None
        self._day_cache[new.date] = (data, new)
        self._settle_watch.remember(new.date, data)
        if self._index is not None or datadir.history_index(self.data_dir).is_file():
            # Imported here, not at the top: sqlite3 is not needed for the first frame of the app,
            # and a store without an index (the first `stats` or `search` builds it) never loads it.
            from smm_tui.core.index import keep_in_step

            self._index = keep_in_step(self._index, self.data_dir, new, data, path)
        return new

    # --- app-owned state (reminders) ----------------------------------------------

    def state_path(self, name: str) -> Path:
        return self.state_dir / f"{name}.toml"

    def read_state(self, name: str) -> dict[str, Any]:
        """An app-owned state file as a dict ({} when missing); DataError when broken."""
        return statefiles.read(self.state_path(name), self.read)

    def write_state(self, name: str, document: dict[str, Any], header: str = "") -> None:
        statefiles.write(self.state_path(name), document, header, self.locked)

    def update_state(
        self, name: str, change: Callable[[dict[str, Any]], dict[str, Any]], header: str = "",
        *, set_aside_broken: bool = False,
    ) -> SetAside | None:
        """Read-modify-write an app-owned state file under the lock (two processes: nothing is lost).

        `change` gets the document on disk ({} when missing) and returns the new
        one; it may raise ValueError to say the document is not what it expects.
        A file that does not parse, or that `change` refuses, raises DataError -
        or, with `set_aside_broken`, is renamed to `<name>.toml.broken-<stamp>`
        (kept for the user, never deleted) and `change` gets {} instead; the
        returned SetAside says where it went and why, for a one-time report.
        State is app-owned, so starting it afresh is acceptable; losing the
        evidence silently is not.
        """
        return statefiles.update(self.state_path(name), change, header, locked=self.locked, reader=self.read,
                                 now=self.clock.now, set_aside_broken=set_aside_broken)

    # --- checking -----------------------------------------------------------------

    def day_files(self) -> list[Path]:
        """The day files (not temp files); [] when days/ is missing or cannot be listed."""
        try:
            return self._list_day_files()
        except OSError:
            return []

    def _list_day_files(self) -> list[Path]:
        try:
            return sorted(p for p in self.days_dir.iterdir() if p.suffix == ".toml" and not p.name.startswith("."))
        except FileNotFoundError:
            return []

    def check(self) -> list[Problem]:
        """Every problem with the data dir, routine.toml and the day files (nothing is written)."""
        if (problem := self._dir_problem(self.data_dir)) is not None:
            return [Problem(self.data_dir, problem)]
        problems: list[Problem] = []
        try:
            self.load_routine()
        except DataError as exc:
            problems.extend(exc.problems)
        try:
            paths = self._list_day_files()
        except OSError as exc:
            problems.append(Problem(self.days_dir, f"cannot list the day files: {exc.strerror or exc}"))
            paths = []
        for path in paths:
            try:
                day = date.fromisoformat(path.stem)
            except ValueError:
                problems.append(Problem(path, "file name is not a date like 2026-11-26.toml"))
                continue
            try:
                self.load_day(day)
            except DataError as exc:
                problems.extend(exc.problems)
        return problems
