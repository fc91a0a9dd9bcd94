"""Telling a finished outside edit from one still being written, before the store builds on it.

The store's save path (`Store.update_day`) lives in `core.store`; this module
holds what it uses to notice other writers, because that is a concept of its
own with its own limits, and the reminder service and the app use the cheap
file signature too.

An editor takes no lock and may rewrite a day file in place (truncate, then
write). Cut right before a `[[tasks]]` line, the half-written file parses as
a shorter day, and a change saved on top of it would lose the rest. So before
update_day reads the file it waits, under the store's lock, until the file is
settled: not open for writing by any process (Linux: a read lease is refused
exactly then; elsewhere this check is skipped) and unchanged for SETTLE
seconds (its ctime, measured on the file system's own clock by touching the
lock file). Contents the store wrote or already found settled need no age
check, so repeated saves cost nothing; another process's save younger than
SETTLE costs at most SETTLE. The file is compared again after the read and
once more right before the rename (after the fsync of the new version); any
difference starts the change over on what is there now.

Limits: a program that writes part of the file, closes it and comes back more
than SETTLE later cannot be told from one that finished. An editor that opens
the file in the microseconds between that last comparison and the rename
writes into the replaced file (kept as backup .1) and loses its save to ours,
never the other way round; if it then reopens the file by name to append, the
result fails to parse and is refused (never overwritten) until fixed. If the
file never settles within the lock timeout, update_day raises StoreBusy.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from smm_tui.core.errors import StoreBusy

try:
    import fcntl
except ImportError:  # not on Windows: no read leases there, the settle time alone guards
    fcntl = None  # type: ignore[assignment]  # None stands for the missing module; uses check for it

SETTLE = 0.05
"""Seconds a day file changed by someone else must stay unchanged before update_day builds on it."""

Signature = tuple[int, int, int]
"""(mtime_ns, size, inode) of a file: cheap change detection for outside edits."""


def signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _stat_key(path: Path) -> tuple[int, int, int, int] | None:
    """What changes whenever the file's content or identity does (ctime cannot be set back)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def open_for_writing(path: Path) -> bool:
    """Whether some process has `path` open for writing right now (Linux; False where unknown).

    A read lease is refused with EAGAIN exactly when the file is open for
    writing anywhere; the lease is released at once. Where leases are not
    available (other systems, NFS, leases disabled) this answers False.
    """
    setlease = getattr(fcntl, "F_SETLEASE", None)
    if setlease is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        return exc.errno == errno.EAGAIN  # someone holds a write lease on it
    try:
        fcntl.fcntl(fd, setlease, fcntl.F_RDLCK)
    except OSError as exc:
        return exc.errno == errno.EAGAIN
    else:
        fcntl.fcntl(fd, setlease, fcntl.F_UNLCK)
        return False
    finally:
        os.close(fd)


class SettleWatch:
    """Waits until a day file is settled; remembers the contents already known to be complete.

    Used only while the store holds its lock: `lock_file` is touched to read
    the file system's clock, and `read` is the store's own reader (its limits,
    its errors).
    """

    def __init__(self, lock_file: Path, read: Callable[[Path], bytes | None], *,
                 settle: float, lock_timeout: float) -> None:
        self.lock_file = lock_file
        self.read = read
        self.settle = settle
        """Seconds an outside change must be quiet (0: only the open-for-writing check)."""
        self.lock_timeout = lock_timeout
        self._settled: dict[date, bytes] = {}
        """Day file contents the store wrote or found settled: no need to wait for them again."""

    def remember(self, day: date, data: bytes) -> None:
        """Contents the store itself just wrote: complete, whatever their age."""
        self._settled[day] = data

    def wait(self, day: date, path: Path) -> bytes | None:
        """Wait (holding the lock) until nobody is writing the day file; its bytes then (None: no file).

        Bytes the store wrote or already found settled need no age check: a
        half-written file never equals a complete one.
        """
        deadline = time.monotonic() + max(self.lock_timeout, 4 * self.settle)
        while True:
            pause = self._settled_or_pause(day, path)
            if not isinstance(pause, float):
                return pause
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{path}: another program is still writing this file; try again once it has saved")
            time.sleep(pause)

    def _settled_or_pause(self, day: date, path: Path) -> bytes | float | None:
        """The file's settled bytes (None: no file), or how long to wait before looking again."""
        key = _stat_key(path)
        if key is None:
            return None
        if open_for_writing(path):
            return 0.01
        data = self.read(path)
        if data is None or _stat_key(path) != key:
            return 0.001  # replaced, removed or written while we read it
        if self._settled.get(day) == data:
            return data
        # A write stamps the file with the current time, so a ctime far in the future
        # (the clock was set back) means an old file, not one being written.
        age = abs(self._fs_now_ns() - key[3]) / 1e9 if self.settle > 0 else 0.0
        if age >= self.settle:
            self._settled[day] = data
            return data
        return max(0.001, self.settle - age)

    def _fs_now_ns(self) -> int:
        """Now, on the clock that stamps files in the data dir (NFS: the server's).

        Touching the lock file (held by the store) makes the file system stamp
        it with its current time. Only if that fails, the system clock stands
        in - the injected Clock is the user's time (frozen in tests), not the
        disk's.
        """
        try:
            os.utime(self.lock_file)
            return os.stat(self.lock_file).st_ctime_ns
        except OSError:
            return time.time_ns()
