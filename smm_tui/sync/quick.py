"""The no-change check of `smm-tui sync`: one request, and nothing more, when neither side changed.

Why. A cron job or a status bar runs `smm-tui sync` every few minutes, and
most of those runs find nothing to do. A full round then costs far more than
the one round trip it needs: importing caldav's client with its HTTP stack
(niquests, urllib3) and icalendar, validating config.toml with pydantic,
loading every day of the window, rewriting the status file. Measured on the
development machine (benchmarks/sync.py, 30 days x 40 tasks): 570-800 ms
against 190-200 ms for one PROPFIND round trip plus `smm-tui today`.

What it trusts. After a round that found nothing to do - the server listed
no change since the sync-token, nothing was fetched, done or left, no
warning, no meetings calendar - the CLI records (through the store) in
`state/sync-quick.toml`: a digest of config.toml's bytes as they were
validated for that round and what the request needs of those settings (url,
username, password_command, timeout, ca_file; never the password), the
window, the zone, a fingerprint of the code, the sync-token, how the server
took the login, the summary line, and a digest of the signatures (inode,
size, mtime, ctime) of everything a round reads here: routine.toml, the
window's day files, the move journal (taken before the round read them) and
the status file (as the round left it). The settings are used only where
config.toml, parsed again, names the same (a record planted in the data dir
cannot choose the program that prints the password).

The check. When all of that is still equal and the server answers the
sync-collection REPORT for that token with no change and the same token, a
round would start from the same inputs as the recorded one and find nothing
to do again: its summary line is printed and nothing is written (so
`sync --status` keeps showing the last full round). Anything
else - a digest that differs, another answer, a 401, a record that does not
read - returns None and the full round runs, with its own checks and
messages (a broken config.toml is reported by the full round, with the same
line as always). A refused connection or a timeout ends the command with the
line the full round would print, rather than waiting twice.

Imports, the point of this module (guarded by tests/sync/test_quick_check.py,
which runs the command and lists what it loaded): no pydantic, no icalendar,
not caldav's client, niquests or urllib3. The request is built with caldav's
XML elements (`caldav.elements.dav`, on lxml) - the same elements the full
client sends - and travels over the standard library's http.client.
"""

from __future__ import annotations

import base64
import http.client
import os
import stat
import tomllib
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from smm_tui import __version__
from smm_tui.core import datadir
from smm_tui.core.regular import MAX_FILE_BYTES, read_regular
from smm_tui.core.text import printable

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the built-in module
    from hashlib import blake2b

if TYPE_CHECKING:
    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.store import Store

NAME = "sync-quick"
"""The record's state file (`state/sync-quick.toml`)."""
STATUS_FILE = "sync.toml"
"""The status file's name in state/ (core.sync.status.NAME + ".toml"; a test keeps them equal)."""
VERSION = 1
HEADER = ("# smm-tui sync: what the last round that found nothing to do saw (see smm_tui/sync/quick.py).\n"
          "# Safe to delete: the next sync is then a full round.\n")
MAX_RECORD_BYTES = 64 * 1024
MAX_CONFIG_BYTES = MAX_FILE_BYTES
MAX_ANSWER_BYTES = 64 * 1024
"""An empty sync-collection answer is a few hundred bytes; a larger one lists changes anyway."""


def digest_bytes(data: bytes) -> str:
    return blake2b(data, digest_size=20).hexdigest()


def config_digest(config: Path) -> str:
    """The digest of config.toml's bytes ("missing" when there is none; "" when it cannot be read)."""
    try:
        return digest_bytes(read_regular(config, MAX_CONFIG_BYTES))
    except FileNotFoundError:
        return "missing"
    except OSError:
        return ""


def code_fingerprint() -> str:
    """Changes with the code a round runs (an upgrade, or an edit in a source checkout): a record of
    other code says nothing about what this code would do."""
    package = Path(__file__).parent.parent
    stamps = [__version__]
    for directory in (package / "core", package / "core" / "sync", package / "core" / "export", package / "sync"):
        with os.scandir(directory) as entries:
            stamps.extend(f"{directory.name}/{e.name}:{e.stat().st_mtime_ns}" for e in entries if e.name.endswith(".py"))
    return digest_bytes("|".join(sorted(stamps)).encode())


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _stat_key(path: Path) -> str:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "-"
    return f"{st.st_ino}.{st.st_size}.{st.st_mtime_ns}.{st.st_ctime_ns}"


def local_signature(data_dir: Path, first: date, last: date) -> str:
    """The digest of the signatures of what a round reads here, except the status file."""
    paths = [datadir.routine_file(data_dir), datadir.move_journal(data_dir)]
    paths += [datadir.day_file(data_dir, day) for day in _days(first, last)]
    return digest_bytes("\n".join(_stat_key(p) for p in paths).encode())


def _status_signature(data_dir: Path) -> str:
    return _stat_key(data_dir / datadir.STATE / STATUS_FILE)


# --- after a full round (the CLI, with the store) --------------------------------------------------


def remember(store: Store, settings: Settings, *, config: Path, config_sum: str, local: str, zone: str,
             first: date, last: date, token: str, auth: str, summary: str) -> None:
    """Record a round that found nothing to do (see the module docstring); `local` taken before the round."""
    sync = settings.sync
    assert sync.url is not None
    document: dict[str, Any] = {
        "version": VERSION, "url": sync.url if sync.url.endswith("/") else sync.url + "/",
        "config_path": str(config), "config": config_sum, "zone": zone, "window": [first, last],
        "past_days": sync.past_days, "future_days": sync.future_days, "token": token, "auth": auth,
        "summary": summary, "local": local, "status": _status_signature(store.data_dir),
        "timeout": sync.timeout_seconds, "code": code_fingerprint(),
    }
    if sync.username is not None:
        document["username"] = sync.username
    if sync.password_command is not None:
        document["password_command"] = list(sync.password_command)
    if sync.ca_file is not None:
        document["ca_file"] = sync.ca_file
    store.write_state(NAME, document, HEADER)


# --- the check (no store, no pydantic) -------------------------------------------------------------


def _record(data_dir: Path) -> dict[str, Any] | None:
    try:
        doc = tomllib.loads(read_regular(data_dir / datadir.STATE / f"{NAME}.toml", MAX_RECORD_BYTES).decode())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return doc if doc.get("version") == VERSION and "token" in doc else None


def _config_agrees(doc: dict[str, Any], config: Path) -> bool:
    """config.toml is the one validated for the recorded round, and names what the record will use.

    The digest says the bytes are those that were validated; the fields the
    request uses (what program runs for the password above all) are taken
    from the record only when config.toml says the same, so a record planted
    in the data dir can never make the check run anything config.toml does
    not name.
    """
    try:
        data = read_regular(config, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return False  # no [sync] url without a config file: the full round says so
    except OSError:
        return False
    if doc["config_path"] != str(config) or doc["config"] != digest_bytes(data):
        return False
    table = tomllib.loads(data.decode()).get("sync", {})
    url = table.get("url")
    return bool(isinstance(url, str) and doc["url"] == (url if url.endswith("/") else url + "/")
                and table.get("username") == doc.get("username")
                and table.get("password_command") == doc.get("password_command")
                and table.get("ca_file") == doc.get("ca_file") and table.get("meetings_url") is None)


def _still_valid(doc: dict[str, Any], data_dir: Path, config: Path, clock: Clock) -> bool:
    """Everything the record depends on here is as it was (see the module docstring)."""
    try:
        data_mode = os.stat(data_dir).st_mode
        config_mode = os.stat(config).st_mode
    except OSError:
        return False
    if data_mode & stat.S_IWOTH or config_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False  # the full round refuses these, with its message
    today = clock.now().date()
    first = today - timedelta(days=int(doc["past_days"]))
    last = today + timedelta(days=int(doc["future_days"]))
    return bool(doc["zone"] == clock.zone_name() and doc["window"] == [first, last] and doc["code"] == code_fingerprint()
                and _config_agrees(doc, config)
                and doc["status"] == _status_signature(data_dir)
                and doc["local"] == local_signature(data_dir, first, last))


def check(data_dir: Path, config: Path, clock: Clock) -> str | None:
    """The summary line when nothing changed on either side; None: run the full round."""
    doc = _record(data_dir)
    try:
        if doc is None or not _still_valid(doc, data_dir, config, clock):
            return None
        return _ask(doc)
    except (KeyError, TypeError, ValueError, UnicodeDecodeError, tomllib.TOMLDecodeError, OSError):
        return None  # a record (or config) of another shape, a file that cannot be looked at: the full round decides


def _ask(doc: dict[str, Any]) -> str | None:
    """The REPORT for changes since the token; the summary when there are none."""
    from caldav.elements import dav  # lxml: only once the record is valid

    from smm_tui.sync.failure import SyncFailed, reason
    from smm_tui.sync.password import run_password_command

    url, auth = str(doc["url"]), str(doc["auth"])
    if auth not in ("basic", "none"):
        return None  # digest or bearer: left to caldav's client
    headers = {"Content-Type": "text/xml", "Depth": "1", "Accept": "text/xml"}
    if auth == "basic":
        argv = doc.get("password_command")
        if not argv or "username" not in doc:
            return None
        password = run_password_command([str(a) for a in argv])
        login = base64.b64encode(f"{doc['username']}:{password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {login}"
    body = str(dav.SyncCollection() + [dav.SyncToken(value=str(doc["token"])), dav.SyncLevel(value="1"),  # noqa: RUF005
                                       dav.Prop() + dav.GetEtag()]).encode()
    parts = urlsplit(url)
    where = printable(f"{parts.scheme}://{parts.hostname}{':' + str(parts.port) if parts.port else ''}{parts.path}")
    connection = _connection(parts.scheme, parts.hostname or "", parts.port, float(doc["timeout"]), doc.get("ca_file"))
    if connection is None:
        return None
    try:
        connection.request("REPORT", quote(unquote(parts.path)), body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(MAX_ANSWER_BYTES + 1)
    except (TimeoutError, ConnectionError) as exc:
        raise SyncFailed(f"sync: {where}: REPORT failed: {reason(exc)}") from None
    except (OSError, http.client.HTTPException):
        return None  # TLS and the like: the full client decides, with its own trust store
    finally:
        connection.close()
    if response.status != 207 or len(answer) > MAX_ANSWER_BYTES:
        return None
    return str(doc["summary"]) if _unchanged(answer, str(doc["token"]), dav) else None


def _connection(scheme: str, host: str, port: int | None, timeout: float,
                ca_file: object) -> http.client.HTTPConnection | None:
    if scheme == "http":
        return http.client.HTTPConnection(host, port, timeout=timeout)
    if scheme != "https":
        return None
    import ssl  # only for https

    if ca_file is not None and not (isinstance(ca_file, str) and os.path.isfile(os.path.expanduser(ca_file))):
        return None
    context = ssl.create_default_context(cafile=os.path.expanduser(ca_file) if isinstance(ca_file, str) else None)
    return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)


def _unchanged(answer: bytes, token: str, dav: Any) -> bool:
    """A multistatus that lists no item and hands back the same token."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type information

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(answer, parser)
    except etree.XMLSyntaxError:
        return False
    if root.tag != dav.MultiStatus.tag or root.find(dav.Response.tag) is not None:
        return False
    found = root.find(dav.SyncToken.tag)
    return found is not None and (found.text or "").strip() == token
