"""The sync status file (`state/sync.toml`): what both sides last agreed on, per item.

It is app-owned state, written through the store (atomic, under the lock).
Reading it is strict: anything unexpected raises ValueError, and the caller
then starts from no records at all, which the engine answers with a full
comparison by UID and no deletions. A status made for another server URL is
treated the same way, so pointing `url` elsewhere can never delete anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from smm_tui.core.sync.engine import Record, Seen, Window, href_for

VERSION = 2
SEPARATOR = "\t"
NAME = "sync"
"""The state file's name (`state/sync.toml`)."""
HEADER = (
    "# smm-tui sync status: what this computer and the server last agreed on. Safe to delete\n"
    "# (the next sync then compares everything by UID and deletes nothing).\n"
)


@dataclass
class Status:
    url: str
    token: str | None = None
    """The server's sync-token after the last complete sync (RFC 6578), for `window`."""
    window: Window | None = None
    last_sync: datetime | None = None
    last_result: str = ""
    """The last sync's summary line or error, for `smm-tui sync --status`."""
    records: dict[str, Record] = field(default_factory=dict)
    seen: dict[str, Seen] = field(default_factory=dict)


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string")
    return value


def _day(value: object, what: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{what} must be a date")
    return value


def _optional_text(doc: dict[str, Any], key: str, what: str) -> str | None:
    return _text(doc[key], what) if key in doc else None


def _storable(*fields: str) -> bool:
    """Whether the fields can be joined by tabs and read back (no tab or line break in any)."""
    return not any(SEPARATOR in f or "\n" in f or "\r" in f for f in fields)


def _fields(line: object, count: int, where: str) -> list[str]:
    if not isinstance(line, str):
        raise ValueError(f"{where} must be a string")
    fields = line.split(SEPARATOR)
    if len(fields) != count:
        raise ValueError(f"{where} must have {count} tab-separated fields")
    return fields


def _day_text(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a date") from None


def from_document(doc: dict[str, Any], url: str) -> Status:
    """The status in `doc`; a fresh one when `doc` is empty or made for another URL. ValueError when malformed."""
    try:
        return _from_document(doc, url)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"malformed sync status ({exc})") from None


def _from_document(doc: dict[str, Any], url: str) -> Status:
    if not doc or doc.get("url") != url:
        return Status(url)
    if doc.get("version") != VERSION:
        raise ValueError(f"version must be {VERSION}")
    status = Status(url, token=_optional_text(doc, "token", "token"), last_result=str(doc.get("last_result", "")))
    if "window" in doc:
        first, last = doc["window"]
        status.window = Window(_day(first, "window"), _day(last, "window"))
    if "last_sync" in doc:
        if not isinstance(doc["last_sync"], datetime) or doc["last_sync"].tzinfo is None:
            raise ValueError("last_sync must be a date-time with offset")
        status.last_sync = doc["last_sync"]
    collection = unquote(urlsplit(url).path)
    for n, line in enumerate(doc.get("items", [])):
        where = f"items[{n}]"
        day, uid, href, etag, digest = _fields(line, 5, where)
        record = Record(uid=uid, href=href or href_for(collection, uid), etag=etag or None, digest=digest,
                        day=_day_text(day, where))
        status.records[record.uid] = record
    for n, line in enumerate(doc.get("seen", [])):
        where = f"seen[{n}]"
        href, etag, uid, day = _fields(line, 4, where)
        status.seen[href] = Seen(href=href, etag=etag, uid=uid or None, day=_day_text(day, where) if day else None)
    return status


def to_document(status: Status) -> dict[str, Any]:
    """The TOML document of a status (optional values left out: TOML has no null)."""
    doc: dict[str, Any] = {"version": VERSION, "url": status.url}
    if status.token is not None:
        doc["token"] = status.token
    if status.window is not None:
        doc["window"] = [status.window.first, status.window.last]
    if status.last_sync is not None:
        doc["last_sync"] = status.last_sync
    if status.last_result:
        doc["last_result"] = status.last_result
    collection = unquote(urlsplit(status.url).path)
    # One tab-separated string per record: one short line each (a table per record would hit the
    # store's table limit long before its size limit), the href left out where it is the usual one.
    # A record that cannot be stored (a tab in a server's href or UID) is left out: the next sync
    # pairs that item by UID again, which never deletes anything.
    items = [(r.day.isoformat(), r.uid, "" if r.href == href_for(collection, r.uid) else r.href, r.etag or "", r.digest)
             for r in sorted(status.records.values(), key=lambda r: (r.day, r.uid))]
    doc["items"] = [SEPARATOR.join(fields) for fields in items if _storable(*fields)]
    seen_fields = [(s.href, s.etag, s.uid or "", s.day.isoformat() if s.day is not None else "")
                   for s in sorted(status.seen.values(), key=lambda s: s.href)]
    seen = [SEPARATOR.join(fields) for fields in seen_fields if _storable(*fields)]
    doc["seen"] = seen
    return doc
