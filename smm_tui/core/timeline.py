"""A day as ordered bands and slots: the one view every screen and exporter reads.

Times are resolved to instants here, once, with the DST policy of
`core.wallclock`; exporters and the TUI never re-derive them. The timeline is
plain frozen value classes (no pydantic) so that it can be rebuilt from a cached
JSON document (`core.snapshot`) without importing pydantic on the fast path.

The JSON form (`to_doc`) is the documented, versioned schema printed by
`smm-tui today --json` and `smm-tui export --format json` (see docs/commands.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from smm_tui.core.kinds import KINDS

if TYPE_CHECKING:
    from smm_tui.core.models import Day

SCHEMA = "smm-tui/day"
SCHEMA_VERSION = 1


BAND_KEYS = ("morning", "lunch", "afternoon", "evening")
BAND_LABELS = {
    "morning": "Morning",
    "lunch": "Lunch",
    "afternoon": "Afternoon",
    "evening": "Evening",
}
BAND_HINTS = {
    "morning": "start of day to noon",
    "lunch": "lunch break",
    "afternoon": "afternoon",
    "evening": "7 pm to next day",
}


class _Value:
    """Base of the classes below: frozen and slotted, compared, hashed and shown by field.

    This is what `@dataclass(frozen=True, slots=True)` generates, written once
    instead of generated: a dataclass execs the source of six methods per class
    (~3 ms for this module), and this module is on the TUI's first-paint path
    (the first frame is drawn by `Timeline.from_doc` from the snapshot cache).
    A subclass lists its fields, in order, in `__slots__` and sets them in
    `__init__` through `_set`.
    """

    __slots__: tuple[str, ...] = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()
    _key: ClassVar[attrgetter[tuple[Any, ...]]]
    """The field values as a tuple (an attrgetter, set per subclass)."""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.__match_args__ = cls.__slots__  # type: ignore[misc]  # mypy allows it only in a class body
        cls._key = attrgetter(*cls.__slots__)  # every subclass has several fields: a tuple

    def _set(self, *values: Any) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key(self) == self._key(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> tuple[Any, ...]:  # copy and pickle (slots, frozen)
        return self._key(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._set(*state)


class BandStarts(_Value):
    """Wall-clock times where Lunch, Afternoon and Evening begin."""

    __slots__ = ("lunch", "afternoon", "evening")
    lunch: time
    afternoon: time
    evening: time

    def __init__(self, lunch: time = time(12, 0), afternoon: time = time(13, 0),
                 evening: time = time(19, 0)) -> None:
        self._set(lunch, afternoon, evening)

    def band_of(self, start: time) -> str:
        if start < self.lunch:
            return "morning"
        if start < self.afternoon:
            return "lunch"
        if start < self.evening:
            return "afternoon"
        return "evening"


class Entry(_Value):
    """One slot as shown: the task's fields plus its place and resolved instants."""

    __slots__ = ("position", "id", "title", "start", "minutes", "kind", "platforms", "status", "done_at",
                 "note", "lead", "slot", "band", "starts_at", "ends_at", "end", "uid")
    position: int
    """1-based agenda position: the REF that `smm-tui done 3` means."""
    id: str
    title: str
    start: time
    minutes: int
    kind: str
    platforms: tuple[str, ...]
    status: str
    done_at: datetime | None
    note: str
    lead: int | None
    slot: str | None
    band: str
    starts_at: datetime
    """Start instant, UTC-aware: compare and subtract these (see core.wallclock)."""
    ends_at: datetime
    end: time
    """Wall-clock end in the day's zone, for display."""
    uid: str | None
    """The calendar event an imported task came from (Task.uid); None otherwise."""

    def __init__(self, position: int, id: str, title: str, start: time, minutes: int,
                 kind: str, platforms: tuple[str, ...], status: str, done_at: datetime | None, note: str,
                 lead: int | None, slot: str | None, band: str, starts_at: datetime, ends_at: datetime,
                 end: time, uid: str | None = None) -> None:
        self._set(position, id, title, start, minutes, kind, platforms, status, done_at, note, lead, slot,
                  band, starts_at, ends_at, end, uid)

    def is_open(self) -> bool:
        return self.status == "todo"

    def is_overdue(self, now: datetime) -> bool:
        """Open and its end has passed (a zero-length slot: its start).

        Overdue or missed: `Timeline.state` tells which (it needs the day's zone).
        """
        return self.status == "todo" and now >= self.ends_at

    def is_current(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


class Band(_Value):
    """One band of the day (Morning, ...) with its slots in order."""

    __slots__ = ("key", "label", "entries")
    key: str
    label: str
    entries: tuple[Entry, ...]

    def __init__(self, key: str, label: str, entries: tuple[Entry, ...]) -> None:
        self._set(key, label, entries)


class Counts(_Value):
    """How many slots of a day (or of one kind) are in each state: the one definition every view prints.

    - planned: every task of the day, routine slots and added tasks alike,
      skipped ones included (skipping is a decision about a planned slot);
    - done, skipped: by status; open: neither, so done + skipped + open = planned;
    - overdue: open and its end has passed, on the day that is today in the
      day's zone (still doable); missed: open and its end has passed, on a
      day that is over. Both are parts of open, and at most one is non-zero
      for a day. Without a moment (`now=None`) both are 0.
    """

    __slots__ = ("planned", "done", "skipped", "overdue", "missed")
    planned: int
    done: int
    skipped: int
    overdue: int
    missed: int

    def __init__(self, planned: int, done: int, skipped: int, overdue: int = 0, missed: int = 0) -> None:
        self._set(planned, done, skipped, overdue, missed)

    @property
    def open(self) -> int:
        return self.planned - self.done - self.skipped

    def summary(self) -> str:
        """'4/21 done, 1 skipped, 16 open (3 overdue)': the day's numbers in words, the same in every view."""
        parts = [f"{self.done}/{self.planned} done"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.open:
            late = [f"{n} {word}" for n, word in ((self.overdue, "overdue"), (self.missed, "missed")) if n]
            parts.append(f"{self.open} open" + (f" ({', '.join(late)})" if late else ""))
        return ", ".join(parts)

    def as_dict(self) -> dict[str, int]:
        """The JSON form: planned, done, skipped, open, and overdue/missed when asked at a moment."""
        return {"planned": self.planned, "done": self.done, "skipped": self.skipped, "open": self.open,
                "overdue": self.overdue, "missed": self.missed}


DONE, SKIPPED, OPEN, OVERDUE, MISSED = "done", "skipped", "open", "overdue", "missed"
STATES = (DONE, SKIPPED, OPEN, OVERDUE, MISSED)
"""A slot's state at a moment (`Timeline.state`); see `Counts` for what each means."""


class Timeline(_Value):
    """One day as ordered bands of slots with resolved instants."""

    __slots__ = ("date", "zone", "note", "bands", "source", "over_at", "utc_offset")
    date: dt.date  # dt.: inside the class body `date` is this field
    zone: str
    note: str
    bands: tuple[Band, ...]
    source: str
    """'file' when the day has its own file, 'routine' when expanded from the routine."""
    over_at: datetime | None
    """The instant the day is over (the next day's 00:00 in its zone), UTC; resolved once by `build`
    so that telling overdue from missed needs no zone database on the first frame."""
    utc_offset: int | None
    """The zone's UTC offset in seconds east when it holds from a day before this day to a day after it
    (`wallclock.steady_offset`), else None (a clock change near the day, or not known). Set by `build`
    for the same reason as `over_at`: with it, `wall_zone` draws the day to scale without zoneinfo."""

    def __init__(self, date: dt.date, zone: str, note: str, bands: tuple[Band, ...], source: str,
                 over_at: datetime | None = None, utc_offset: int | None = None) -> None:
        self._set(date, zone, note, bands, source, over_at, utc_offset)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for band in self.bands for e in band.entries)

    def entry(self, task_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == task_id), None)

    def wall_zone(self) -> dt.tzinfo:
        """The zone to show this day's instants in, for instants from a day before it to a day after it.

        A fixed offset when the day has a steady one (`utc_offset`): the same wall times as its zone
        there, and no zone database to load (zoneinfo and sysconfig: ~2.5 ms of the scaled view's
        first frame; tests/ui/test_startup_imports.py guards it). Else the zone itself.
        """
        if self.utc_offset is not None:
            return dt.timezone(timedelta(seconds=self.utc_offset))
        from smm_tui.core.wallclock import zone  # as in is_over: not on the snapshot fast path

        return zone(self.zone)

    def is_over(self, now: datetime) -> bool:
        """Whether the day is over at `now`: today's date in the day's zone is later than this day."""
        if self.over_at is not None:
            return now >= self.over_at
        # Imported here, as in build(): wallclock (zoneinfo) stays off the snapshot fast path.
        from smm_tui.core.wallclock import zone

        return now.astimezone(zone(self.zone)).date() > self.date

    def state(self, entry: Entry, now: datetime | None) -> str:
        """done, skipped, open, overdue or missed (see `Counts`); without `now`, never overdue or missed."""
        if entry.status == "done":
            return DONE
        if entry.status == "skipped":
            return SKIPPED
        if now is None or not entry.is_overdue(now):
            return OPEN
        return MISSED if self.is_over(now) else OVERDUE

    def _count(self, entries: tuple[Entry, ...] | list[Entry], now: datetime | None) -> Counts:
        states = [self.state(e, now) for e in entries]
        return Counts(planned=len(states), done=states.count(DONE), skipped=states.count(SKIPPED),
                      overdue=states.count(OVERDUE), missed=states.count(MISSED))

    def counts(self, now: datetime | None = None) -> Counts:
        """The day's counts; with `now`, the open slots whose end has passed are overdue or missed."""
        return self._count(self.entries, now)

    def counts_by_kind(self, now: datetime | None = None) -> dict[str, Counts]:
        """`counts` per kind with at least one slot, in the order of KINDS."""
        entries = self.entries
        out = {}
        for kind in KINDS:
            of_kind = [e for e in entries if e.kind == kind]
            if of_kind:
                out[kind] = self._count(of_kind, now)
        return out

    def current(self, now: datetime) -> Entry | None:
        """The latest-starting slot running at `now`."""
        running = [e for e in self.entries if e.is_current(now)]
        return running[-1] if running else None

    def next_up(self, now: datetime) -> Entry | None:
        """The first open slot that starts after `now`."""
        return next((e for e in self.entries if e.is_open() and e.starts_at > now), None)

    def to_doc(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "date": self.date.isoformat(),
            "weekday": self.date.strftime("%A"),
            "zone": self.zone,
            "source": self.source,
            "over_at": self.over_at.isoformat() if self.over_at else None,
            "utc_offset": self.utc_offset,
            "note": self.note,
            "counts": counts_doc(self, None),
            "bands": [
                {
                    "key": band.key,
                    "label": band.label,
                    "tasks": [_entry_doc(e) for e in band.entries],
                }
                for band in self.bands
            ],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Timeline:
        """Rebuild from `to_doc` output (the snapshot cache); trusts the document."""
        bands = []
        for band in doc["bands"]:
            entries = tuple(
                Entry(
                    position=t["position"],
                    id=t["id"],
                    title=t["title"],
                    start=time.fromisoformat(t["start"]),
                    minutes=t["minutes"],
                    kind=t["kind"],
                    platforms=tuple(t["platforms"]),
                    status=t["status"],
                    done_at=datetime.fromisoformat(t["done_at"]) if t["done_at"] else None,
                    note=t["note"],
                    lead=t["lead"],
                    slot=t["slot"],
                    band=band["key"],
                    starts_at=datetime.fromisoformat(t["starts_at"]),
                    ends_at=datetime.fromisoformat(t["ends_at"]),
                    end=time.fromisoformat(t["end"]),
                    uid=t.get("uid"),
                )
                for t in band["tasks"]
            )
            bands.append(Band(band["key"], band["label"], entries))
        return cls(
            date=date.fromisoformat(doc["date"]),
            zone=doc["zone"],
            note=doc["note"],
            bands=tuple(bands),
            source=doc["source"],
            over_at=datetime.fromisoformat(doc["over_at"]) if doc.get("over_at") else None,
            utc_offset=doc.get("utc_offset"),
        )


def counts_doc(timeline: Timeline, now: datetime | None) -> dict[str, Any]:
    """The JSON `counts`: the day's Counts and, under `by_kind`, each kind's; without `now` no overdue/missed."""
    doc: dict[str, Any] = timeline.counts(now).as_dict()
    doc["by_kind"] = {kind: c.as_dict() for kind, c in timeline.counts_by_kind(now).items()}
    if now is None:
        for counts in (doc, *doc["by_kind"].values()):
            del counts["overdue"], counts["missed"]
    return doc


def _entry_doc(e: Entry) -> dict[str, Any]:
    return {
        "position": e.position,
        "id": e.id,
        "title": e.title,
        "start": e.start.strftime("%H:%M"),
        "end": e.end.strftime("%H:%M"),
        "minutes": e.minutes,
        "starts_at": e.starts_at.isoformat(),
        "ends_at": e.ends_at.isoformat(),
        "kind": e.kind,
        "platforms": list(e.platforms),
        "status": e.status,
        "done_at": e.done_at.isoformat() if e.done_at else None,
        "note": e.note,
        "lead": e.lead,
        "slot": e.slot,
        "uid": e.uid,
    }


def build(day: Day, bands: BandStarts | None = None, *, source: str = "file") -> Timeline:
    """Order a day's tasks into bands and resolve their instants."""
    from smm_tui.core.wallclock import resolve, steady_offset, zone

    bands = bands or BandStarts()
    grouped: dict[str, list[Entry]] = {key: [] for key in BAND_KEYS}
    for position, task in enumerate(day.ordered(), start=1):
        starts_at = resolve(day.date, task.start, day.zone)
        # Instants are UTC (see core.wallclock): adding minutes is real time, across DST too.
        ends_at = starts_at + timedelta(minutes=task.minutes)
        end = ends_at.astimezone(zone(day.zone)).time() if task.minutes else task.start
        band = bands.band_of(task.start)
        grouped[band].append(
            Entry(
                position=position,
                id=task.id,
                title=task.title,
                start=task.start,
                minutes=task.minutes,
                kind=task.kind,
                platforms=tuple(task.platforms),
                status=task.status,
                done_at=task.done_at,
                note=task.note,
                lead=task.lead,
                slot=task.slot,
                band=band,
                starts_at=starts_at,
                ends_at=ends_at,
                end=end,
                uid=task.uid,
            )
        )
    begins, over_at = resolve(day.date, time(0), day.zone), resolve(day.date, time(0), day.zone, day_offset=1)
    return Timeline(
        date=day.date,
        zone=day.zone,
        note=day.note,
        bands=tuple(Band(key, BAND_LABELS[key], tuple(grouped[key])) for key in BAND_KEYS),
        source=source,
        over_at=over_at,
        utc_offset=steady_offset(begins - timedelta(days=1), over_at + timedelta(days=1), zone(day.zone)),
    )
