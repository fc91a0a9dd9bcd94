"""Shared helpers for the reminder tests: days built from plain values, and a stepping simulator."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from smm_tui.core.models import Day, Task
from smm_tui.core.timeline import Timeline, build
from smm_tui.reminders.deliveries import Delivery, deliveries
from smm_tui.reminders.engine import Batch, Record, Reminder, Rules, next_due, snooze, step


def task(task_id: str, at: str, minutes: int = 30, kind: str = "checkin", status: str = "todo",
         lead: int | None = None, title: str | None = None) -> Task:
    hour, minute = map(int, at.split(":"))
    done_at = datetime(2000, 1, 1, tzinfo=UTC) if status == "done" else None
    return Task(id=task_id, title=title or f"Task {task_id}", start=time(hour, minute), minutes=minutes,
                kind=kind, status=status, lead=lead, done_at=done_at)  # type: ignore[arg-type]


def timeline(day: date, zone: str, *tasks: Task) -> Timeline:
    return build(Day(date=day, zone=zone, tasks=tasks))


def local(zone: str, *parts: int, fold: int = 0) -> datetime:
    """A local wall time in `zone` as a UTC instant (fold picks the occurrence in an overlap)."""
    return datetime(*parts, tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)  # type: ignore[misc]


class Sim:
    """Steps the engine like the service does, remembering every delivery."""

    def __init__(self, timelines: Sequence[Timeline] | Callable[[], Sequence[Timeline]], rules: Rules | None = None,
                 zone: str = "Europe/Berlin") -> None:
        self._timelines = timelines
        self.rules = rules or Rules()
        self.record = Record()
        self.zone = zone
        self.log: list[Delivery] = []
        self.batches: list[Batch] = []

    @property
    def timelines(self) -> Sequence[Timeline]:
        return self._timelines() if callable(self._timelines) else self._timelines

    def at(self, now: datetime) -> list[Delivery]:
        batch, self.record = step(self.timelines, self.rules, self.record, now)
        self.batches.append(batch)
        out = deliveries(batch, self.zone)
        self.log.extend(out)
        return out

    def run(self, start: datetime, end: datetime, every: timedelta = timedelta(minutes=1)) -> list[Delivery]:
        """Poll at start, start+every, ... up to and including end."""
        out = []
        now = start
        while now <= end:
            out.extend(self.at(now))
            now += every
        return out

    def next(self, now: datetime) -> datetime | None:
        return next_due(self.timelines, self.rules, self.record, now)

    def snooze(self, reminder: Reminder, until: datetime, now: datetime) -> None:
        self.record = snooze(self.record, reminder, until, now)


def keys(out: Sequence[Delivery]) -> list[str]:
    return [r.key for d in out for r in d.reminders]


def kinds(out: Sequence[Delivery]) -> list[tuple[str, str]]:
    """(task id, reminder kind) of single reminders, ('digest', n) for digests."""
    return [("digest", str(d.missed_count)) if d.is_digest else (d.reminder.task_id, d.reminder.kind) for d in out]
