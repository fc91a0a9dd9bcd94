"""Only regular files are read, and only regular files (or links to one) are replaced.

Reading: `open()` on a FIFO waits for a writer forever - in the main thread,
where it also blocks SIGTERM's Python handler - and a character device may
answer without end (/dev/zero) or with side effects. So every path a user
controls (day files, routine, config, themes, imports, backups, snapshots) is
opened with O_NONBLOCK (a FIFO then opens at once instead of waiting) and
`fstat`ed on the descriptor before a single byte is read: whatever is not a
regular file is refused with NotRegular, whose message names the kind.

Replacing: `os.replace` replaces whatever is at the name - a device node, a
FIFO, a socket, a directory link. `replace_target` says what a save may
replace: a regular file, or a symlink the user made (dotfiles) that leads to
one, which is then written *through*: the save goes to the link's target (temp
file in the target's directory), the link stays.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
    from pathlib import Path  # annotations only: pathlib is not imported on `smm-tui next`'s path

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are refused unread: a busy day file is ~10 kB (a day
of 13,000 tasks is 1.2 MB), and a valid 1 MB day takes ~0.4 s to load here.
Lives here, not in core.tomlfile, so the first-paint path can use it without
importing tomllib."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symlink"),
)


def kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


class NotRegular(OSError):
    """The path names something other than a regular file; nothing was read or replaced."""

    def __init__(self, path: str | os.PathLike[str], mode: int, action: str = "read") -> None:
        self.what = kind(mode)
        message = f"it is {self.what}, not a regular file" + ("" if action == "read" else "; left alone")
        super().__init__(errno.EINVAL, message, os.fspath(path))


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most `limit` bytes of a regular file, never blocking on what is not one.

    Raises FileNotFoundError and other OSErrors like `open`, and NotRegular
    for a FIFO, device, socket or directory (after following symlinks).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:  # a socket cannot be opened at all (ENXIO): say what it is
        if exc.errno != errno.ENOENT:
            try:
                mode = os.stat(path).st_mode
            except OSError:
                raise exc from None
            if not stat.S_ISREG(mode):
                raise NotRegular(path, mode) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(path, mode)
        chunks: list[bytes] = []
        left = limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


MAX_LINKS = 40
"""Symlinks followed in a row before giving up (Linux's own limit is 40)."""


def replace_target(path: Path) -> Path:
    """The regular file a save to `path` must replace: `path`, or where its symlinks lead.

    A missing name is fine (a new file); a symlink is followed (also one that
    leads nowhere yet: the file is created at its target). Anything else at the
    end of the chain - FIFO, device, socket, directory - raises NotRegular.
    """
    for _ in range(MAX_LINKS):
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return path
        if stat.S_ISLNK(mode):
            path = path.parent / os.readlink(path)
            continue
        if not stat.S_ISREG(mode):
            raise NotRegular(path, mode, "replace")
        return path
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
