"""A day as ordered bands and slots: the one view every screen and exporter reads.

Times are resolved to instants here, once, with the DST policy of
`core.wallclock`; exporters and the TUI never re-derive them. The timeline is
plain frozen dataclasses (no pydantic) so that it can be rebuilt from a cached
JSON document (`core.snapshot`) without importing pydantic on the fast path.

The JSON form (`to_doc`) is the documented, versioned schema printed by
`smm-tui today --json` and `smm-tui export --format json` (see README).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True, slots=True)
class BandStarts:
    """Wall-clock times where Lunch, Afternoon and Evening begin."""

    lunch: time = time(12, 0)
    afternoon: time = time(13, 0)
    evening: time = time(19, 0)

    def band_of(self, start: time) -> str:
        if start < self.lunch:
            return "morning"
        if start < self.afternoon:
            return "lunch"
        if start < self.evening:
            return "afternoon"
        return "evening"


@dataclass(frozen=True, slots=True)
class Entry:
    """One slot as shown: the task's fields plus its place and resolved instants."""

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
    uid: str | None = None
    """The calendar event an imported task came from (Task.uid); None otherwise."""

    def is_open(self) -> bool:
        return self.status == "todo"

    def is_overdue(self, now: datetime) -> bool:
        """Open and its end has passed (a zero-length slot: its start)."""
        return self.status == "todo" and now >= self.ends_at

    def is_current(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Counts:
    planned: int
    done: int
    skipped: int

    @property
    def open(self) -> int:
        return self.planned - self.done - self.skipped


@dataclass(frozen=True, slots=True)
class Timeline:
    date: date
    zone: str
    note: str
    bands: tuple[Band, ...]
    source: str
    """'file' when the day has its own file, 'routine' when expanded from the routine."""

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for band in self.bands for e in band.entries)

    def entry(self, task_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == task_id), None)

    def counts(self) -> Counts:
        entries = self.entries
        return Counts(
            planned=len(entries),
            done=sum(e.status == "done" for e in entries),
            skipped=sum(e.status == "skipped" for e in entries),
        )

    def counts_by_kind(self) -> dict[str, Counts]:
        out = {}
        for kind in KINDS:
            entries = [e for e in self.entries if e.kind == kind]
            if entries:
                out[kind] = Counts(
                    planned=len(entries),
                    done=sum(e.status == "done" for e in entries),
                    skipped=sum(e.status == "skipped" for e in entries),
                )
        return out

    def current(self, now: datetime) -> Entry | None:
        """The latest-starting slot running at `now`."""
        running = [e for e in self.entries if e.is_current(now)]
        return running[-1] if running else None

    def next_up(self, now: datetime) -> Entry | None:
        """The first open slot that starts after `now`."""
        return next((e for e in self.entries if e.is_open() and e.starts_at > now), None)

    def to_doc(self) -> dict[str, Any]:
        counts = self.counts()
        return {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "date": self.date.isoformat(),
            "weekday": self.date.strftime("%A"),
            "zone": self.zone,
            "source": self.source,
            "note": self.note,
            "counts": {
                "planned": counts.planned,
                "done": counts.done,
                "skipped": counts.skipped,
                "open": counts.open,
                "by_kind": {
                    kind: {"planned": c.planned, "done": c.done, "skipped": c.skipped}
                    for kind, c in self.counts_by_kind().items()
                },
            },
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
        )


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
    from smm_tui.core.wallclock import resolve, zone

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
    return Timeline(
        date=day.date,
        zone=day.zone,
        note=day.note,
        bands=tuple(Band(key, BAND_LABELS[key], tuple(grouped[key])) for key in BAND_KEYS),
        source=source,
    )
