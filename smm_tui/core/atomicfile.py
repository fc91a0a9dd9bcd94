"""Crash-safe file replacement: the only way smm-tui writes a file.

temp file in the same directory (mkstemp: mode 0600 from the start) ->
os.write until every byte is out -> fsync -> close -> os.replace -> fsync the
directory. After a crash at any point the target holds either the old or the
new bytes, never a mix; the temp file may be left behind, named
`.<name>.<random>.smm-tmp` so that `remove_stale_temps` can find it on the
next start. On an error (ENOSPC, EIO at write, fsync, close or rename) the temp
file is removed and the OSError propagates; the target is untouched unless the
rename already happened (only the directory fsync comes after it).

The bytes go out through `os.write` on the raw descriptor (no buffered file
object): short writes are handled here, visibly, and a failing write(2) is
one call a test can make fail.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from smm_tui.core.regular import replace_target

TEMP_SUFFIX = ".smm-tmp"
FILE_MODE = 0o600
DIR_MODE = 0o700


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(
    path: Path,
    data: bytes,
    *,
    durable: bool = True,
    exclusive: bool = False,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace `path` with `data` atomically; with durable=False skip the fsyncs (caches only).

    exclusive=True never replaces anything: FileExistsError when `path` exists,
    also as a symlink (dangling or not). The check and the write are one step
    (link(2) of the finished temp file), so a file that appears meanwhile is
    not overwritten either. Without it, `path` may be a regular file or a
    symlink to one, which is written through (the temp file goes next to the
    link's target and replaces the target; the link stays); anything else - a
    device, FIFO, socket or directory, or a link to one - raises NotRegular
    and is left alone (os.replace itself would replace a device node).

    `before_replace` runs once the new bytes are durable, right before the
    rename: it may raise to abort (the temp file is removed, `path` untouched),
    which makes a late compare-and-swap possible.
    """
    if not exclusive:
        path = replace_target(path)
    mode = FILE_MODE
    try:
        mode &= os.stat(path).st_mode  # keep a stricter mode the user chose (e.g. 0400)
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            if mode != FILE_MODE:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "write made no progress")
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        if exclusive:
            _link_new(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass  # already gone, or the disk is failing: the next start removes it
        raise
    if durable:
        fsync_dir(path.parent)


def _link_new(tmp: str, path: Path) -> None:
    """Give the finished temp file its final name only if that name is free, then drop the temp name."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS):
            raise
        # No hard links on this filesystem (FAT, some FUSE/network mounts): check, then rename.
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def remove_stale_temps(directory: Path) -> list[Path]:
    """Delete temp files a killed writer left behind; call only while holding the store lock."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX) and entry.is_file():
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except FileNotFoundError:
                pass
    return removed


def ensure_dir(directory: Path) -> None:
    """Create a private directory (0700) with its parents; leave existing ones' modes alone."""
    missing = []
    while not directory.is_dir():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for path in reversed(missing):  # makedirs would give parents the umask's mode, not 0700
        try:
            os.mkdir(path, DIR_MODE)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        os.chmod(path, DIR_MODE)
