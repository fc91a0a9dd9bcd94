"""App-owned state files (`state/<name>.toml`, e.g. which reminders fired), written by the store.

Separate from the day files in `core.store` because the rules differ: state
is the app's own, so a broken file may be set aside and started afresh (the
evidence kept, never deleted), while a broken day file is refused until the
user fixes it. The store still does every write - under its lock, through
the write gate - by handing its lock and reader to the functions here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smm_tui.core import tomlfile
from smm_tui.core.atomicfile import ensure_dir, write_atomic
from smm_tui.core.errors import DataError, Problem, SaveError

Reader = Callable[[Path], bytes | None]
Lock = Callable[[], AbstractContextManager[None]]


@dataclass(frozen=True, slots=True)
class SetAside:
    """A broken state file that was renamed so that a fresh one could be started."""

    path: Path
    """Where the old file is now."""
    reason: str
    """Why it could not be used (`path:line: message`)."""


def read(path: Path, reader: Reader) -> dict[str, Any]:
    """A state file as a dict ({} when missing); DataError when broken."""
    data = reader(path)
    if data is None:
        return {}
    return tomlfile.parse(path, data)


def write(path: Path, document: dict[str, Any], header: str, locked: Lock) -> None:
    data = tomlfile.dumps_gated(path, header, document)
    with locked():
        _save(path, data)


def update(
    path: Path, change: Callable[[dict[str, Any]], dict[str, Any]], header: str, *,
    locked: Lock, reader: Reader, now: Callable[[], datetime], set_aside_broken: bool,
) -> SetAside | None:
    """Read-modify-write a state file under the lock (two processes: nothing is lost).

    See `Store.update_state` for the contract; `now` stamps a set-aside file's
    name (the injected clock).
    """
    with locked():
        data = reader(path)
        aside: SetAside | None = None
        try:
            document = change(tomlfile.parse(path, data) if data is not None else {})
        except (DataError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, DataError) else f"{path}: {exc}"
            if not set_aside_broken or data is None:
                if isinstance(exc, DataError):
                    raise
                raise DataError([Problem(path, str(exc))]) from None
            aside = SetAside(_move_aside(path, reason, now()), reason)
            document = change({})
        _save(path, tomlfile.dumps_gated(path, header, document))
        return aside


def _move_aside(path: Path, reason: str, now: datetime) -> Path:
    """Rename a broken state file to `<name>.toml.broken-<stamp>`; where it went."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    serial = 1
    while target.exists():  # never replace an earlier piece of evidence
        serial += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{serial}")
    try:
        os.replace(path, target)
    except OSError as move_exc:
        raise SaveError(f"{path}: unreadable ({reason}) and cannot be moved aside: "
                        f"{move_exc.strerror or move_exc}") from None
    return target


def _save(path: Path, data: bytes) -> None:
    try:
        ensure_dir(path.parent)
        write_atomic(path, data)
    except OSError as exc:
        raise SaveError(f"{path}: could not save ({exc.strerror or exc})") from None
