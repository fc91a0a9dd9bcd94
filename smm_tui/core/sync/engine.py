"""The sync engine: from the two sides and the last agreement, what to do. Pure: no network, no files.

Inputs:
- the window of days being synced, and the local tasks in it by UID (days
  whose file could not be read are named separately: their tasks are unknown,
  not gone);
- the server's listing: every href of the collection with its ETag, and the
  items behind the hrefs that had to be fetched (`to_fetch`: new, or with an
  ETag other than the one on record);
- the status records: per UID the href, ETag and digest both sides last
  agreed on, and the day it was on.

Rules, each one there because another client lost data without it:
- A deletion is propagated only when the record proves the other side had
  exactly that version: removed here and unchanged there (ETag or digest
  equal to the record) deletes there, and the other way round. A deleted
  item that was changed on the other side comes back instead.
- A listing that is empty while records exist is implausible (a server that
  answered nothing, a wrong collection): nothing is deleted on its word.
  A listing that failed never reaches the engine (the sync stops first).
- Without a record (first sync, lost or corrupt status, reset) items are
  paired by UID: equal versions are recorded, different ones are a conflict,
  nothing is ever deleted.
- A conflict (both sides changed the same task differently) keeps both: the
  newer version wins, the other is appended to its note, and the merged task
  goes to both sides. A version never edited on its side (a routine day
  without a file) gives way without a conflict.
- Days outside the window are left alone, with their records.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date

from smm_tui.core.models import NOTE_MAX
from smm_tui.core.sync.item import Item


@dataclass(frozen=True, slots=True)
class Record:
    """The version both sides last agreed on, for one UID."""

    uid: str
    href: str
    etag: str | None
    """None: the server did not say after our write; the next listing's ETag is checked by digest."""
    digest: str
    day: date


@dataclass(frozen=True, slots=True)
class Seen:
    """A remote item fetched once and not paired (outside the window, or not a task we can place)."""

    href: str
    etag: str
    uid: str | None
    day: date | None


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a fetched href holds: the ETag it came with and the task in it (None: nothing we can place)."""

    href: str
    etag: str
    uid: str | None
    item: Item | None


@dataclass(frozen=True, slots=True)
class Window:
    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


class Kind(enum.Enum):
    PUSH = "push"
    """Write `item` to `href`: If-Match `etag`, or If-None-Match: * when `etag` is None."""
    PULL = "pull"
    """Write `item` locally (replacing the task with this UID wherever it is); record `etag`."""
    MERGE = "merge"
    """A conflict resolved into `item`: write it locally and push it with If-Match `etag`."""
    DELETE_REMOTE = "delete-remote"
    """Delete `href` If-Match `etag`."""
    DELETE_LOCAL = "delete-local"
    """Remove the task with this UID from `item.day`."""
    PAIR = "pair"
    """Both sides already agree: record it (ETag `etag`)."""
    FORGET = "forget"
    """Gone on both sides: drop the record."""


@dataclass(frozen=True, slots=True)
class Action:
    kind: Kind
    uid: str
    href: str
    etag: str | None = None
    item: Item | None = None
    conflict: str = ""
    """For MERGE: one line saying which version won."""


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)
    unchanged: int = 0
    seen: list[Seen] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, *kinds: Kind) -> int:
        return sum(a.kind in kinds for a in self.actions)

    def summary(self) -> str:
        """`pushed 3, pulled 2, conflicts 0, unchanged 41` (+ deletions when there were any)."""
        parts = [
            f"pushed {self.count(Kind.PUSH)}",
            f"pulled {self.count(Kind.PULL)}",
            f"conflicts {self.count(Kind.MERGE)}",
            f"unchanged {self.unchanged}",
        ]
        if deleted := self.count(Kind.DELETE_REMOTE):
            parts.append(f"deleted on the server {deleted}")
        if deleted := self.count(Kind.DELETE_LOCAL):
            parts.append(f"deleted here {deleted}")
        return ", ".join(parts)


_NAME = re.compile(r"[A-Za-z0-9@._-]{1,200}", re.ASCII)


def href_for(collection: str, uid: str) -> str:
    """Where a new item goes: the collection's path plus the UID (hashed when it is not a safe file name) plus .ics.

    Hrefs are kept as decoded paths; the client quotes them for the request.
    """
    name = uid
    if not _NAME.fullmatch(uid) or uid.startswith("."):
        name = hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"{collection.rstrip('/')}/{name}.ics"


def to_fetch(listing: Mapping[str, str], records: Iterable[Record], seen: Iterable[Seen]) -> list[str]:
    """The hrefs whose bodies are needed: unknown ones, and known ones with another ETag."""
    known: dict[str, str | None] = {r.href: r.etag for r in records}
    known.update({s.href: s.etag for s in seen if s.href not in known})
    return sorted(href for href, etag in listing.items() if href not in known or known[href] != etag)


def conflict_note(loser: Item, where: str) -> str:
    """The text appended to the winner's note: the other version, readable in any client."""
    task = loser.task
    status = {"todo": "open", "done": "done", "skipped": "skipped"}[task.status]
    line = f"[sync conflict] the version {where} said: {task.title} ({loser.day.isoformat()} {task.start:%H:%M}, {status})"
    if task.note:
        line += f" - note: {task.note}"
    return line


def merged(winner: Item, loser: Item, where: str) -> Item:
    """The winner with the loser kept in its note (cut to the note limit, the winner's text first)."""
    extra = conflict_note(loser, where)
    if extra in winner.task.note:
        return winner
    note = f"{winner.task.note}\n\n{extra}" if winner.task.note else extra
    return Item(winner.day, winner.zone, winner.task.edited(note=note[:NOTE_MAX]), winner.changed)


def _newer(local: Item, remote: Item) -> bool:
    """True when the remote version wins: it is newer, or the local one was never edited."""
    if local.changed is None:
        return True
    if remote.changed is None:
        return False
    return remote.changed.astimezone(UTC) > local.changed.astimezone(UTC)


def resolve(uid: str, href: str, etag: str, local: Item, remote: Item) -> Action:
    """Both sides have a version and they differ.

    A version never edited on its side gives way without a conflict (PULL or
    PUSH); two edited versions are a conflict (MERGE): the newer wins.
    """
    if local.changed is None:
        return Action(Kind.PULL, uid, href, etag, remote)
    if remote.changed is None:
        return Action(Kind.PUSH, uid, href, etag or None, local)
    if _newer(local, remote):
        item = merged(remote, local, "on this computer")
        return Action(Kind.MERGE, uid, href, etag, item, "the server's version won (it is newer)")
    item = merged(local, remote, "on the server")
    return Action(Kind.MERGE, uid, href, etag, item, "this computer's version won (it is newer)")


def decide(
    uid: str, *, local: Item | None, record: Record | None, remote: Fetched | None, remote_known: bool,
    collection: str,
) -> Action | None:
    """What to do for one UID (None: nothing, it is unchanged).

    `remote` is the fetched version when there is one; `remote_known` says
    whether the server still has the recorded href with the recorded ETag
    (True) or whether it is gone from the listing (False, with `remote` None).
    Also used after a 412 (the item changed between listing and write) with
    the freshly fetched version.
    """
    if record is None:
        if local is not None and remote is not None and remote.item is not None:
            if local.digest() == remote.item.digest():
                return Action(Kind.PAIR, uid, remote.href, remote.etag, local)
            return resolve(uid, remote.href, remote.etag, local, remote.item)
        if local is not None:
            return Action(Kind.PUSH, uid, href_for(collection, uid), None, local)
        if remote is not None and remote.item is not None:
            return Action(Kind.PULL, uid, remote.href, remote.etag, remote.item)
        return None

    local_changed = local is not None and local.digest() != record.digest
    href: str
    etag: str | None
    if remote is not None and remote.item is not None:
        remote_changed = remote.item.digest() != record.digest
        href, etag = remote.href, remote.etag
    elif remote is not None:
        # The href now holds something we cannot read as a task: leave both sides alone.
        return None
    else:
        remote_changed = False
        href, etag = record.href, record.etag

    if local is None and remote is None and not remote_known:
        return Action(Kind.FORGET, uid, record.href)
    if local is None:
        if remote_changed:
            assert remote is not None and remote.item is not None
            return Action(Kind.PULL, uid, href, etag, remote.item)  # edited there, deleted here: it comes back
        return Action(Kind.DELETE_REMOTE, uid, href, etag)  # the agreed version (perhaps under a new ETag)
    if remote is None and not remote_known:
        if local_changed:
            return Action(Kind.PUSH, uid, record.href, None, local)  # deleted there, edited here: it goes back
        return Action(Kind.DELETE_LOCAL, uid, record.href, None, local)
    if local_changed and remote_changed:
        assert remote is not None and remote.item is not None
        if local.digest() == remote.item.digest():
            return Action(Kind.PAIR, uid, href, etag, local)
        return resolve(uid, href, etag or "", local, remote.item)
    if local_changed:
        return Action(Kind.PUSH, uid, href, etag, local)
    if remote_changed:
        assert remote is not None and remote.item is not None
        return Action(Kind.PULL, uid, href, etag, remote.item)
    if remote is not None and remote.etag != record.etag:
        return Action(Kind.PAIR, uid, href, etag, local)  # same content, new ETag: record it
    return None


def plan(
    window: Window,
    local: Mapping[str, Item],
    listing: Mapping[str, str],
    fetched: Iterable[Fetched],
    records: Iterable[Record],
    *,
    collection: str,
    unknown_days: Collection[date] = (),
) -> Plan:
    """The actions that bring both sides to one version of every task in the window.

    `local` holds only tasks of the window's days; `listing` is the whole
    collection (href -> ETag); `fetched` the bodies of `to_fetch(...)`.
    """
    result = Plan()
    by_uid = {r.uid: r for r in records}
    fetched_by_href = {f.href: f for f in fetched}
    implausible = not listing and bool(by_uid)
    if implausible:
        result.warnings.append(
            "the server listed no items at all although some were synced before; nothing was deleted "
            "(check the url, or run `smm-tui sync --reset` if the collection was emptied on purpose)"
        )
    remote_by_uid: dict[str, Fetched] = {}
    for f in sorted(fetched_by_href.values(), key=lambda f: f.href):
        if f.uid is None or f.item is None:
            result.seen.append(Seen(f.href, f.etag, f.uid, None))
            continue
        record = by_uid.get(f.uid)
        if f.uid in remote_by_uid:
            result.warnings.append(f"{f.href}: another item on the server has the same UID; left alone")
            continue
        if record is not None and record.href != f.href and record.href in listing:
            result.warnings.append(f"{f.href}: another item on the server has the same UID; left alone")
            continue
        remote_by_uid[f.uid] = f

    for uid in sorted(set(local) | set(by_uid) | set(remote_by_uid)):
        record = by_uid.get(uid)
        mine = local.get(uid)
        theirs = remote_by_uid.get(uid)
        if record is not None and record.day in unknown_days and mine is None:
            continue  # its day file cannot be read: not evidence of anything
        if (theirs is not None and theirs.item is not None and mine is None and record is None
                and (theirs.item.day not in window or theirs.item.day in unknown_days)):
            result.seen.append(Seen(theirs.href, theirs.etag, uid, theirs.item.day))
            continue
        if (record is not None and mine is None and record.day not in window
                and (theirs is None or theirs.item is None or theirs.item.day not in window)):
            continue  # outside the window on both sides: not this sync's business
        if mine is not None and mine.day in unknown_days:
            continue
        if record is not None and implausible and theirs is None:
            continue  # the server's word on this item is missing: nothing either way
        remote_known = record is not None and record.href in listing
        action = decide(uid, local=mine, record=record, remote=theirs, remote_known=remote_known,
                        collection=collection)
        if action is None:
            result.unchanged += 1
        else:
            if action.kind is Kind.PAIR:
                result.unchanged += 1
            result.actions.append(action)
    return result
