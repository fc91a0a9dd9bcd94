"""One task as both sides of a sync see it, and the digest that says whether it changed.

The digest covers what a user can change on either side (day, title, time,
length, kind, platforms, status, completion time, note, lead) and nothing
that only identifies the task (id, slot, UID): two versions with the same
digest are the same version, whichever side they came from. Completion times
are compared to the second in UTC, because a VTODO's COMPLETED carries no
more than that.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from smm_tui.core.export.ics import uid_for
from smm_tui.core.models import Task


@dataclass(frozen=True, slots=True)
class Item:
    """A task on a day, with the moment this version was made when that is known."""

    day: date
    zone: str
    """The IANA zone the day's wall times mean (not part of the digest: a day read in another zone is the same day)."""
    task: Task
    changed: datetime | None = None
    """When this version was made (a day file's mtime, a VTODO's LAST-MODIFIED); None when it was
    never edited on its side (a routine day without a file): such a version gives way without a conflict."""

    def digest(self) -> str:
        return digest(self.day, self.task)

    @property
    def uid(self) -> str:
        return sync_uid(self.day, self.task)


def sync_uid(day: date, task: Task) -> str:
    """The UID a task has on the server: the one it came with, else the ics export's UID."""
    return task.uid if task.uid is not None else uid_for(day, task.id)


def done_stamp(done_at: datetime | None) -> str | None:
    if done_at is None:
        return None
    return done_at.astimezone(UTC).replace(microsecond=0).isoformat()


def digest(day: date, task: Task) -> str:
    """A short stable fingerprint of what can change about a task (see the module docstring)."""
    fields = [
        day.isoformat(), task.title, task.start.strftime("%H:%M"), task.minutes, task.kind,
        list(task.platforms), task.status, done_stamp(task.done_at), task.note, task.lead,
    ]
    text = json.dumps(fields, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]
