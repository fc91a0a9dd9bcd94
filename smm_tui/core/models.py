"""The domain models: Task, Day, Slot, Routine.

Models are frozen: every change returns a new object. That makes undo/redo a
matter of keeping old values, and lets the store compare "before" and "after"
of a read-modify-write without defensive copies.

Times are local wall-clock times (`datetime.time`, naive) interpreted in the
day's IANA zone; `core.wallclock` turns them into instants with one explicit
DST policy, so nothing here needs a clock.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from smm_tui.core.kinds import KINDS
from smm_tui.core.text import shown
from smm_tui.core.wallclock import check_date

Kind = Literal[
    "checkin", "monitor", "reply", "publish", "meeting", "research", "analytics", "schedule", "break"
]
"""What kind of work a slot is; drives glyph, colour, reminders (nag for reply)."""

assert get_args(Kind) == KINDS, "models.Kind and core.kinds.KINDS must list the same kinds"

Status = Literal["todo", "done", "skipped"]
STATUSES: tuple[str, ...] = get_args(Status)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)

TITLE_MAX = 500
NOTE_MAX = 10_000
PLATFORM_MAX = 32
UID_MAX = 1000


def _no_nul(value: str) -> str:
    """NUL cannot be written to TOML; reject it here with a message, not at save time."""
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


def _title(value: str) -> str:
    _no_nul(value)
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _platform(value: str) -> str:
    value = _no_nul(value).strip().lower()
    if not value:
        raise ValueError("platform names must not be empty")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValueError(f"platform {value!r} must be one word without spaces or control characters")
    return value


def _whole_minute_offset(value: datetime | None) -> datetime | None:
    """An instant whose UTC offset TOML can write: local mean time (zones before ~1900, e.g.
    Berlin's +00:53:28) has seconds in its offset, which TOML cannot hold, so such an
    instant is kept in UTC instead - the same instant, readable back."""
    if value is not None and (offset := value.utcoffset()) is not None and offset.seconds % 60 + offset.microseconds:
        return value.astimezone(UTC)
    return value


def _wall_time(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("must be a local time without a UTC offset, like 05:30")
    if value.second or value.microsecond:
        raise ValueError("must be whole minutes, like 05:30")
    return value


@lru_cache(maxsize=64)
def zone_is_known(name: str) -> bool:
    """True when `name` is an IANA zone or a POSIX TZ rule (core.wallclock.zone; cached)."""
    from smm_tui.core.wallclock import zone

    try:
        zone(name)
    except (KeyError, ValueError, OSError):
        return False
    return True


def _zone(value: str) -> str:
    if not zone_is_known(value):
        raise ValueError(f"unknown IANA time zone {shown(value)} (expected e.g. 'Europe/Berlin', "
                         "or a POSIX TZ rule like 'CET-1CEST,M3.5.0,M10.5.0/3')")
    return value


Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX), AfterValidator(_title)]
Note = Annotated[str, Field(max_length=NOTE_MAX), AfterValidator(_no_nul)]
Platform = Annotated[str, Field(min_length=1, max_length=PLATFORM_MAX), AfterValidator(_platform)]
WallTime = Annotated[time, AfterValidator(_wall_time)]
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]
Lead = Annotated[int, Field(ge=0, le=7 * 24 * 60)]
TaskId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
SlotId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,29}$")]
ZoneName = Annotated[str, AfterValidator(_zone)]
SourceUid = Annotated[str, Field(min_length=1, max_length=UID_MAX), AfterValidator(_no_nul)]
PlanDate = Annotated[date, AfterValidator(check_date)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Task(_Frozen):
    """One tickable thing on one day."""

    id: TaskId
    """Stable within its day: `<slot>-<HHMM>` for routine occurrences, random hex for added tasks."""
    title: Title
    start: WallTime
    minutes: Minutes = 30
    kind: Kind = "checkin"
    platforms: tuple[Platform, ...] = ()
    status: Status = "todo"
    done_at: Annotated[datetime | None, AfterValidator(_whole_minute_offset)] = None
    """When it was ticked, as an aware instant (only with status 'done')."""
    note: Note = ""
    lead: Lead | None = None
    """Reminder lead in minutes for this task; None means the configured default."""
    slot: SlotId | None = None
    """The routine slot this occurrence came from; None for tasks added by hand."""
    uid: SourceUid | None = None
    """Where an imported task came from: the calendar event's UID (plus `#` and the occurrence's
    RECURRENCE-ID for a recurring event: in UTC, or as written when it is floating). `smm-tui import` matches on it, so importing
    the same file twice updates instead of duplicating; None for tasks not imported."""

    @model_validator(mode="after")
    def _done_at_matches_status(self) -> Task:
        if self.done_at is not None:
            if self.done_at.tzinfo is None:
                raise ValueError("done_at must include a UTC offset, like 2026-11-26T07:05:00+01:00")
            try:
                check_date(self.done_at.date())
            except ValueError as exc:
                raise ValueError(f"done_at {exc}") from None
            if self.status != "done":
                raise ValueError(f"done_at is only allowed when status is 'done' (status is {self.status!r})")
        return self

    def end_minutes(self) -> int:
        """Minutes after midnight when the task ends (may exceed 1440 for late slots)."""
        return self.start.hour * 60 + self.start.minute + self.minutes

    def marked(self, status: Status, now: datetime) -> Task:
        """This task with a new status; done_at follows the status."""
        done_at = _whole_minute_offset(now) if status == "done" else None
        return self.model_copy(update={"status": status, "done_at": done_at})

    def edited(self, **changes: object) -> Task:
        """This task with fields changed, validated again (a plain model_copy would skip validation)."""
        data = self.model_dump()
        data.update(changes)
        return Task.model_validate(data)


def start_minutes(t: time) -> int:
    return t.hour * 60 + t.minute


class Day(_Frozen):
    """A date's tasks, in the zone their wall times mean."""

    date: PlanDate
    zone: ZoneName
    note: Note = ""
    tasks: tuple[Task, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Day:
        seen: dict[str, int] = {}
        for index, task in enumerate(self.tasks):
            if task.id in seen:
                raise ValueError(
                    f"tasks[{index}].id: duplicate id {task.id!r} (also tasks[{seen[task.id]}])"
                )
            seen[task.id] = index
        return self

    def ordered(self) -> tuple[Task, ...]:
        """Tasks in agenda order: by start time, ties in file order (the order `today` numbers)."""
        return tuple(sorted(self.tasks, key=lambda t: start_minutes(t.start)))

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def resolve(self, ref: str) -> Task:
        """A task by id or by its 1-based position in agenda order."""
        ordered = self.ordered()
        # isdecimal, not isdigit: int() refuses digits like '²'; the length bound keeps int()
        # away from its 4300-digit limit (no day has a billion tasks).
        if ref.isascii() and ref.isdecimal() and len(ref) <= 9:  # ASCII only: not Arabic-Indic or fullwidth
            position = int(ref)
            if 1 <= position <= len(ordered):
                return ordered[position - 1]
        for task in ordered:
            if task.id == ref:
                return task
        raise KeyError(ref)

    def replace_task(self, task: Task) -> Day:
        self.task(task.id)
        return self.model_copy(
            update={"tasks": tuple(task if t.id == task.id else t for t in self.tasks)}
        )

    def with_task(self, task: Task) -> Day:
        """Add a task; validation runs again so a duplicate id is refused."""
        return Day.model_validate({**self.model_dump(), "tasks": [*self.tasks, task]})

    def without_task(self, task_id: str) -> Day:
        self.task(task_id)
        return self.model_copy(update={"tasks": tuple(t for t in self.tasks if t.id != task_id)})

    def set_status(self, task_id: str, status: Status, now: datetime) -> Day:
        return self.replace_task(self.task(task_id).marked(status, now))

    def toggle(self, task_id: str, now: datetime) -> Day:
        """Done <-> todo (a skipped task becomes done)."""
        task = self.task(task_id)
        return self.set_status(task_id, "todo" if task.status == "done" else "done", now)

    def new_task_id(self) -> str:
        """A short random id not used in this day; random so ids from two processes don't collide."""
        taken = {t.id for t in self.tasks}
        while True:
            candidate = secrets.token_hex(3)
            if candidate not in taken and not candidate.isdigit():
                return candidate

    def progress(self) -> tuple[int, int]:
        """(done, total) where skipped tasks do not count towards the total."""
        counted = [t for t in self.tasks if t.status != "skipped"]
        return sum(t.status == "done" for t in counted), len(counted)

    def overlaps(self) -> list[tuple[Task, Task]]:
        """Pairs of tasks whose wall-clock spans overlap (zero-length tasks never overlap)."""
        ordered = self.ordered()
        pairs = []
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if start_minutes(b.start) >= a.end_minutes():
                    break
                if a.minutes and b.minutes:
                    pairs.append((a, b))
        return pairs


class Slot(_Frozen):
    """A recurring entry of the routine; one or more occurrences per matching weekday."""

    id: SlotId
    title: Title
    start: WallTime
    minutes: Minutes = 30
    kind: Kind = "checkin"
    platforms: tuple[Platform, ...] = ()
    note: Note = ""
    lead: Lead | None = None
    weekdays: tuple[Weekday, ...] = WEEKDAYS
    every: Annotated[int, Field(ge=5, le=24 * 60)] | None = None
    """Repeat interval in minutes from `start` up to and including `until`."""
    until: WallTime | None = None

    @model_validator(mode="after")
    def _repeat_is_complete(self) -> Slot:
        if (self.every is None) != (self.until is None):
            raise ValueError("'every' and 'until' go together: give both or neither")
        if self.until is not None and self.until < self.start:
            raise ValueError(f"until ({self.until:%H:%M}) must not be before start ({self.start:%H:%M})")
        if not self.weekdays:
            raise ValueError("weekdays must name at least one day, e.g. ['mon', 'tue']")
        return self

    def times(self) -> list[time]:
        """Wall-clock start of each occurrence on a matching day."""
        if self.every is None or self.until is None:
            return [self.start]
        out, minute, last = [], start_minutes(self.start), start_minutes(self.until)
        while minute <= last:
            out.append(time(minute // 60, minute % 60))
            minute += self.every
        return out


class Routine(_Frozen):
    """The recurring template a day is expanded from when it has no file."""

    slots: tuple[Slot, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Routine:
        seen: dict[str, int] = {}
        for index, slot in enumerate(self.slots):
            if slot.id in seen:
                raise ValueError(
                    f"slots[{index}].id: duplicate id {slot.id!r} (also slots[{seen[slot.id]}])"
                )
            seen[slot.id] = index
        return self
