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

from smm_tui.core.sync.engine import Record, Seen, Window

VERSION = 1
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


def from_document(doc: dict[str, Any], url: str) -> Status:
    """The status in `doc`; a fresh one when `doc` is empty or made for another URL. ValueError when malformed."""
    try:
        return _from_document(doc, url)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"malformed sync status ({type(exc).__name__}: {exc})") from None


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
    for n, entry in enumerate(doc.get("items", [])):
        where = f"items[{n}]"
        record = Record(
            uid=_text(entry["uid"], f"{where}.uid"),
            href=_text(entry["href"], f"{where}.href"),
            etag=_optional_text(entry, "etag", f"{where}.etag"),
            digest=_text(entry["digest"], f"{where}.digest"),
            day=_day(entry["day"], f"{where}.day"),
        )
        status.records[record.uid] = record
    for n, entry in enumerate(doc.get("seen", [])):
        where = f"seen[{n}]"
        seen = Seen(
            href=_text(entry["href"], f"{where}.href"),
            etag=_text(entry["etag"], f"{where}.etag"),
            uid=_optional_text(entry, "uid", f"{where}.uid"),
            day=_day(entry["day"], f"{where}.day") if "day" in entry else None,
        )
        status.seen[seen.href] = seen
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
    items = []
    for record in sorted(status.records.values(), key=lambda r: (r.day, r.uid)):
        entry: dict[str, Any] = {"uid": record.uid, "href": record.href, "digest": record.digest, "day": record.day}
        if record.etag is not None:
            entry["etag"] = record.etag
        items.append(entry)
    doc["items"] = items
    seen = []
    for item in sorted(status.seen.values(), key=lambda s: s.href):
        entry = {"href": item.href, "etag": item.etag}
        if item.uid is not None:
            entry["uid"] = item.uid
        if item.day is not None:
            entry["day"] = item.day
        seen.append(entry)
    doc["seen"] = seen
    return doc
