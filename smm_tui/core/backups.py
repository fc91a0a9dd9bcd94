"""The last BACKUPS versions of each day file, kept beside the store's saves.

Kept apart from `core.store` because it is a policy of its own: the version a
save replaces is linked aside *before* the save (the atomic save never
modifies that inode) and becomes backup .1 only once the save succeeded, so
failed attempts (a full disk, retried) never push real old versions out.
"""

from __future__ import annotations

import os
from pathlib import Path

from smm_tui.core.atomicfile import ensure_dir, fsync_dir, write_atomic
from smm_tui.core.regular import MAX_FILE_BYTES, read_regular, replace_target

BACKUPS = 3
"""How many old versions of a day file are kept (backups/days/<date>.toml.1 is the newest)."""


def backup_path(backups_dir: Path, day_file: Path, generation: int = 1) -> Path:
    return backups_dir / f"{day_file.name}.{generation}"


def discard(path: Path | None) -> None:
    """Remove a temp/staging file if it is there (best effort: the next open() cleans up)."""
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass


def stage(backups_dir: Path, day_file: Path) -> Path | None:
    """A hard link to the current day file (None: no file yet), taken before it is replaced.

    The link keeps the old inode, which the atomic save never modifies; it
    becomes backup .1 only once the save has succeeded (`rotate`).
    """
    current = replace_target(day_file)  # a symlinked day file: back up what it leads to
    if not current.exists():
        return None
    ensure_dir(backups_dir)
    newest = backup_path(backups_dir, day_file, 1)
    staging = newest.with_name(f".{newest.name}.link.smm-tmp")
    discard(staging)
    try:
        os.link(current, staging, follow_symlinks=False)
    except OSError:
        # No hard links here (some network/FUSE filesystems, or the link's target on
        # another one): copy through the atomic path.
        write_atomic(staging, read_regular(current, MAX_FILE_BYTES + 1))
    return staging


def rotate(backups_dir: Path, day_file: Path, staged: Path) -> None:
    """Shift backups .1 -> .2 -> ... -> .BACKUPS and make the staged link .1."""
    for generation in range(BACKUPS - 1, 0, -1):
        older = backup_path(backups_dir, day_file, generation)
        if older.exists():
            os.replace(older, backup_path(backups_dir, day_file, generation + 1))
    os.replace(staged, backup_path(backups_dir, day_file, 1))
    fsync_dir(backups_dir)
