"""A content-addressed cache of validated timelines, so start-up skips pydantic.

Why: building the pydantic models costs 40-80 ms here, more than the whole
start-up budget of `smm-tui today` (1.15x a bare pydantic import) and a big
part of the TUI's first paint. Like a .pyc file, a snapshot is only used when
it provably matches its sources: the key hashes the exact bytes of the day
file (or, for a day without a file, routine.toml), config.toml, the date, the
local zone and the code version. Anything else - a hand edit, a new zone, a
new smm-tui - misses, and the caller takes the slow, fully validated path,
which then refreshes the snapshot. A broken file is therefore never served
from the cache: its bytes never produced a snapshot.

Snapshots live in the store's cache dir (`<data dir>/.cache/`) and can be deleted at any time.
This module imports neither pydantic nor textual.

**The file format is marshal, behind a checksum.** `smm-tui next` reads a
snapshot every few seconds for a status bar, and the `json` module imports
`re` (with enum): about 6 ms, half a `calcurse --next` run, which it is
measured against. marshal is built in (no import) and is what Python itself
reads its .pyc caches with, from the same kind of private directory. It is not
meant for untrusted data, so a snapshot is only unmarshalled when: the cache
dir and the file belong to this user and are not writable by others, the file
starts with this format's magic, and the blake2b digest of the payload that
follows matches the one stored - a torn or damaged file is a miss, never a
crash. The result must be a dict of plain values (what `to_doc` writes).
Reading and writing stay here, in one place; tests/unit/test_snapshot.py
guards the refusals, tests/cli/test_next.py that `next` imports no json, re
or pathlib.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from datetime import date

from smm_tui import __version__
from smm_tui.core.datadir import CACHE, ROUTINE, cache_dir, day_file_name

try:
    # A first-paint trick (see smm_tui/ui/startup.py, item 6): hashlib's blake2b is this one,
    # and importing hashlib also loads its OpenSSL binding (~1 ms) for algorithms never used here.
    from _blake2 import blake2b as blake2b  # re-exported: themes/cache.py hashes the same way
except ImportError:  # pragma: no cover - a Python without the built-in module
    from hashlib import blake2b as blake2b

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Protocol

    from smm_tui.core.models import Day
    from smm_tui.core.timeline import BandStarts, Timeline
else:
    Protocol = object  # at run time a protocol is only a base class: the checking is mypy's

FORMAT = 2
"""2: marshal behind a checksum (1 was JSON)."""
KEEP_DAYS = 40
MAGIC = b"smm-tui snapshot 2\n"
DIGEST_SIZE = 32
SUFFIX = ".snap"
LEGACY_SUFFIX = ".json"  # format 1's files: pruned like the others


class DaySource(Protocol):
    """What `build_fresh` needs of the store (a Protocol: the store imports this module, not the reverse)."""

    @property
    def data_dir(self) -> Path: ...

    def load_day(self, day: date) -> Day: ...

    def has_day_file(self, day: date) -> bool: ...


def _name(day: date) -> str:
    """A day's snapshot file name in the cache dir."""
    return f"day-{day.isoformat()}{SUFFIX}"


def _path(data_dir: str | os.PathLike[str], day: date) -> str:
    """The snapshot file of a day, as a plain string (no pathlib on `smm-tui next`'s path)."""
    return os.path.join(data_dir, CACHE, _name(day))


def _zone_fingerprint() -> str:
    """What the local zone depends on, cheaply (no IANA name lookup needed)."""
    try:
        localtime = os.path.realpath("/etc/localtime")
    except OSError:
        localtime = ""
    return f"{os.environ.get('TZ', '')}|{localtime}|{time.tzname}|{time.timezone}|{time.altzone}"


_code_stamps: list[str] = []
"""`_code_fingerprint`'s answer once taken (see there)."""


def _code_fingerprint() -> str:
    """Changes whenever the code that builds a timeline changes (also in a source checkout).

    Taken once per process and kept: the code running is the code imported at
    start, so a later answer could only differ by describing files this
    process does not run. A first-paint trick too (smm_tui/ui/startup.py,
    item 10): `smm-tui --view week` keys seven snapshots before its first
    frame, and each answer is a scan of two package dirs with a stat per file.
    """
    if not _code_stamps:
        core = os.path.dirname(os.path.abspath(__file__))
        stamps: list[str] = []
        for directory in (core, os.path.dirname(core)):
            with os.scandir(directory) as entries:
                stamps.extend(f"{e.name}:{e.stat().st_mtime_ns}" for e in entries if e.name.endswith(".py"))
        _code_stamps.append("|".join(sorted(stamps)))
    return _code_stamps[0]


def _read(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes for the key, never opening a FIFO or device (core.regular); OSError otherwise."""
    from smm_tui.core.regular import MAX_FILE_BYTES, read_regular

    return read_regular(path, MAX_FILE_BYTES + 1)


def key(data_dir: str | os.PathLike[str], day: date, config: str | os.PathLike[str]) -> str | None:
    """The hash of everything the day's timeline depends on; None when the store is not set up."""
    digest = blake2b(digest_size=20)
    python = "%d.%d" % sys.version_info[:2]  # noqa: UP031 - marshal's format follows the Python
    digest.update(f"{__version__}|{FORMAT}|{python}|{day.isoformat()}|{_zone_fingerprint()}|"
                  f"{_code_fingerprint()}".encode())
    try:
        digest.update(b"\0day\0" + _read(os.path.join(data_dir, day_file_name(day))))
    except FileNotFoundError:
        try:
            digest.update(b"\0routine\0" + _read(os.path.join(data_dir, ROUTINE)))
        except OSError:
            return None
    except OSError:
        return None
    try:
        digest.update(b"\0config\0" + _read(config))
    except FileNotFoundError:
        digest.update(b"\0no config\0")
    except OSError:
        return None
    return digest.hexdigest()


def _private(path: str) -> bool:
    """True when `path` is this user's and nobody else may write it (what marshal may be trusted with)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    owner = getattr(os, "getuid", None)
    return not info.st_mode & 0o022 and (owner is None or info.st_uid == owner())


def _unpack(blob: bytes) -> dict[str, Any] | None:
    """The document of a snapshot file's bytes; None unless magic and checksum hold (see above)."""
    head = len(MAGIC) + DIGEST_SIZE
    if not blob.startswith(MAGIC) or len(blob) < head:
        return None
    payload = blob[head:]
    if blake2b(payload, digest_size=DIGEST_SIZE).digest() != blob[len(MAGIC):head]:
        return None
    try:
        cached = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return cached if isinstance(cached, dict) else None


def load(data_dir: str | os.PathLike[str], day: date, expected_key: str) -> dict[str, Any] | None:
    """The cached timeline document when its key matches, else None (never raises on a bad cache)."""
    path = _path(data_dir, day)
    if not _private(os.path.dirname(path)):
        return None
    try:
        blob = _read(path)
    except OSError:
        return None
    cached = _unpack(blob) if _private(path) else None
    if cached is None or cached.get("key") != expected_key:
        return None
    doc = cached.get("doc")
    return doc if isinstance(doc, dict) else None


def pack(snapshot_key: str, doc: dict[str, Any]) -> bytes:
    """A snapshot file's bytes: magic, checksum, marshal of {"key", "doc"} (ValueError: not plain data)."""
    payload = marshal.dumps({"key": snapshot_key, "doc": doc})
    return MAGIC + blake2b(payload, digest_size=DIGEST_SIZE).digest() + payload


def save(data_dir: Path, day: date, snapshot_key: str, doc: dict[str, Any]) -> None:
    """Store a snapshot (best effort: a cache that cannot be written is simply not used)."""
    from smm_tui.core.atomicfile import ensure_dir, write_atomic

    directory = cache_dir(data_dir)
    try:
        ensure_dir(directory)
        write_atomic(directory / _name(day), pack(snapshot_key, doc), durable=False)
        _prune(directory, day)
    except (OSError, ValueError):
        pass


def build_fresh(store: DaySource, day: date, bands: BandStarts, config: Path, *, cache: bool = True,
                source: str | None = None) -> tuple[Day, Timeline]:
    """The day as validated from disk now and its timeline; refreshes the day's snapshot on the way.

    The one place that writes snapshots from real data (the CLI's `today` and
    its changes, the TUI's reloads). The key is taken before the read and
    compared after it: if the files changed meanwhile (another process), no
    snapshot is written, so a snapshot never holds a timeline built from other
    bytes than its key's. `cache=False` (a broken config: defaults in use) or
    $SMM_TUI_NO_SNAPSHOT writes none. Raises the store's DataError for a
    broken day file.
    """
    from smm_tui.core.timeline import build

    use_cache = cache and not os.environ.get("SMM_TUI_NO_SNAPSHOT")
    before = key(store.data_dir, day, config) if use_cache else None
    model = store.load_day(day)
    if source is None:
        source = "file" if store.has_day_file(day) else "routine"
    timeline = build(model, bands, source=source)
    if before is not None and before == key(store.data_dir, day, config):
        save(store.data_dir, day, before, timeline.to_doc())
    return model, timeline


def _prune(directory: Path, around: date) -> None:
    for entry in os.scandir(directory):
        name = entry.name
        suffix = SUFFIX if name.endswith(SUFFIX) else LEGACY_SUFFIX
        if not (name.startswith("day-") and name.endswith(suffix)):
            continue
        if suffix == LEGACY_SUFFIX:  # an older format's file: never read again
            _unlink(entry.path)
            continue
        try:
            cached_day = date.fromisoformat(name[4:-len(suffix)])
        except ValueError:
            continue
        if abs((cached_day - around).days) > KEEP_DAYS:
            _unlink(entry.path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
