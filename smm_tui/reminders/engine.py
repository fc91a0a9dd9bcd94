"""The reminder engine: which reminders are due at an instant, and when the next one is.

Pure on purpose - no clock, no files, no textual: the caller passes the
timelines (yesterday, today and tomorrow, so a 00:10 slot is found tonight and
yesterday's 23:58 start is not lost at 00:01), the rules, the record of what
already fired and the current instant; `step` answers what to deliver and the
new record, `next_due` when to wake up. That makes every policy below testable
with plain values, and lets the TUI and `smm-tui remind` share one engine
(see `smm_tui.reminders.service` for the service that adds the store and the clock).

Kinds of reminder, for open (todo) slots only - done or skipped never remind:
- lead:  N minutes before the start; N = the task's own `lead`, else
         `kind_leads[kind]`, else `lead_minutes`; 0 turns it off.
- start: at the start (when `at_start`).
- nag:   for open slots of `nag_kinds`, at the end of the slot and then every
         `nag_minutes`, until done or skipped - at most until the end of the
         slot's own day (tomorrow's routine brings the slot back anyway).

Every reminder has a key that is stable across DST and restarts:
`YYYY-MM-DD|task-id|kind|HH:MM` (the task's date, id, kind and *planned
wall time*, e.g. `2026-11-26|criticism-0700|lead|07:00`), so a task moved to
another time has new keys and is armed again, and a wall time that happens
twice on a fall-back day is one reminder. Instants are UTC (see
core.wallclock); a slot in a spring-forward gap reminds at the first valid
instant after the gap.

Each step looks at the window (seen_until, now]: reminders that fell due in
it and have not fired are delivered, the record gains their keys, and
seen_until becomes `now`. Two guarantees follow, whatever instants `step` is
given (also when time goes backwards): a key fires at most once (the record),
and a task moved into the past or added after its time does not raise alarms
for times that are already gone (the window).

Late reminders: a reminder more than `grace_minutes` late (app closed,
laptop asleep, clock jumped) is not delivered as if it were on time; all such
reminders of one step go into one "missed while away" digest. A lead warning
whose slot has not started yet is still news and is delivered normally.
Per task only the newest reminder of a step is shown (a start supersedes its
lead; nags collapse), so waking up never produces a burst.

Snooze: a delivered reminder can be snoozed until an instant; it comes back
then under the key `<key>|snooze|<until>`. Until then the snooze speaks for
the task: its other reminders falling due meanwhile (the nags) are settled
silently instead of interrupting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from smm_tui.core.wallclock import resolve

if TYPE_CHECKING:
    from smm_tui.core.settings import CoreSettings
    from smm_tui.core.timeline import Entry, Timeline

LEAD, START, NAG = "lead", "start", "nag"
_RANK = {LEAD: 0, START: 1, NAG: 2}
_KEY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\|")
_EPSILON = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Rules:
    """The reminder settings the engine needs (built from config.Settings by the service)."""

    lead_minutes: int = 10
    at_start: bool = True
    kind_leads: Mapping[str, int] = field(default_factory=dict, hash=False)
    nag_minutes: int | None = 15
    nag_kinds: frozenset[str] = frozenset({"reply"})
    grace_minutes: int = 5

    def __post_init__(self) -> None:
        # config validation already refuses these; the engine must not loop forever on a bad value.
        if self.nag_minutes is not None and self.nag_minutes <= 0:
            raise ValueError("nag_minutes must be at least 1 (or unset)")
        if self.grace_minutes < 0 or self.lead_minutes < 0 or any(v < 0 for v in self.kind_leads.values()):
            raise ValueError("lead and grace minutes must not be negative")

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.grace_minutes)

    def lead_for(self, entry: Entry) -> int:
        if entry.lead is not None:
            return entry.lead
        return self.kind_leads.get(entry.kind, self.lead_minutes)

    @classmethod
    def from_settings(cls, settings: CoreSettings) -> Rules:
        """From the user's settings (`smm_tui.config.Settings`; this package does not import the config layer)."""
        r = settings.reminders
        return cls(
            lead_minutes=settings.lead_minutes,
            at_start=r.at_start,
            kind_leads=dict(r.kind_leads.items()),
            nag_minutes=r.nag_minutes,
            nag_kinds=frozenset(r.nag_kinds),
            grace_minutes=r.grace_minutes,
        )


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder of one task: what the TUI shows and `smm-tui remind` prints."""

    key: str
    """Fired-record key, e.g. '2026-11-26|criticism-0700|lead|07:00' (+ '|snooze|<until>' when snoozed)."""
    kind: str
    """'lead', 'start' or 'nag'."""
    due: datetime
    """When it is due, UTC (for a snoozed reminder: the end of the snooze)."""
    day: date
    zone: str
    task_id: str
    title: str
    task_kind: str
    start: time
    """The slot's planned wall time in `zone`."""
    end: time
    starts_at: datetime
    ends_at: datetime
    lead: int = 0
    """Minutes of warning (lead reminders)."""
    nag: int = 0
    """1-based number of the nag (nag reminders)."""
    snoozed_from: str | None = None
    """The original key when this is a snoozed reminder coming back."""

    @property
    def base_key(self) -> str:
        """The key to snooze: the original reminder's, also for a reminder that was snoozed before."""
        return self.snoozed_from or self.key

    @property
    def task_key(self) -> str:
        """The task at its planned time: '2026-11-26|criticism-0700|07:00'."""
        return task_key(self.day, self.task_id, self.start)

    def order(self) -> tuple[datetime, int, int]:
        return (self.due, self.snoozed_from is not None, _RANK[self.kind])


def task_key(day: date, task_id: str, start: time) -> str:
    return f"{day.isoformat()}|{task_id}|{start:%H:%M}"


def reminder_key(day: date, task_id: str, kind: str, start: time) -> str:
    return f"{day.isoformat()}|{task_id}|{kind}|{start:%H:%M}"


def _task_key_of(key: str) -> str:
    """'D|id|kind|HH:MM[|snooze|...]' -> 'D|id|HH:MM'."""
    parts = key.split("|")
    return f"{parts[0]}|{parts[1]}|{parts[3]}" if len(parts) >= 4 else key


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("the engine needs aware datetimes")
    return at.astimezone(UTC)


# --- the record of what fired ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """What fired and what is snoozed; only ever grows (until pruned), so merging is a union."""

    fired: Mapping[str, datetime] = field(default_factory=dict)
    """key -> when it was delivered (or settled: superseded, put in a digest)."""
    snoozed: Mapping[str, datetime] = field(default_factory=dict)
    """base key -> until when it is snoozed."""
    seen_until: datetime | None = None
    """The last instant looked at; the next step's window starts here."""

    def merge(self, other: Record) -> Record:
        """Union with another process's record; keeps our own seen_until (it is our window)."""
        fired = dict(other.fired)
        for key, at in self.fired.items():
            fired[key] = min(at, fired[key]) if key in fired else at
        snoozed = dict(other.snoozed)
        for key, until in self.snoozed.items():
            snoozed[key] = max(until, snoozed[key]) if key in snoozed else until
        return Record(fired, snoozed, self.seen_until)

    def with_fired(self, keys: Iterable[str], at: datetime) -> Record:
        at = _utc(at)
        fired = dict(self.fired)
        for key in keys:
            fired.setdefault(key, at)
        return replace(self, fired=fired)

    def pruned(self, before: date) -> Record:
        """Without entries of days before `before` (they can never fire again: the window has passed)."""
        cut = before.isoformat()
        return replace(
            self,
            fired={k: v for k, v in self.fired.items() if k[:10] >= cut},
            snoozed={k: v for k, v in self.snoozed.items() if k[:10] >= cut},
        )

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        if self.seen_until is not None:
            doc["seen_until"] = self.seen_until
        doc["fired"] = dict(sorted(self.fired.items()))
        doc["snoozed"] = dict(sorted(self.snoozed.items()))
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Record:
        """From a state document; ValueError naming the first thing that is wrong."""
        unknown = set(doc) - {"version", "seen_until", "fired", "snoozed"}
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r}")
        if doc.get("version", 1) != 1:
            raise ValueError(f"unsupported version {doc.get('version')!r}")
        seen = doc.get("seen_until")
        if seen is not None and not _aware(seen):
            raise ValueError("seen_until must be a date-time with offset")
        tables = []
        for name in ("fired", "snoozed"):
            table = doc.get(name, {})
            if not isinstance(table, dict):
                raise ValueError(f"{name} must be a table")
            for key, value in table.items():
                if not _KEY.match(key) or not _aware(value):
                    raise ValueError(f"{name}: bad entry {key!r}")
            tables.append({k: v.astimezone(UTC) for k, v in table.items()})
        return cls(tables[0], tables[1], seen.astimezone(UTC) if seen is not None else None)


def _aware(value: object) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def snooze(record: Record, reminder: Reminder, until: datetime, now: datetime) -> Record:
    """The record with `reminder` snoozed until `until` (and marked fired, so it cannot fire again on time)."""
    until, now = _utc(until), _utc(now)
    if until <= now:
        raise ValueError("a snooze must end in the future")
    base = reminder.base_key
    record = record.with_fired((base, reminder.key), now)
    snoozed = dict(record.snoozed)
    snoozed[base] = max(until, snoozed.get(base, until))
    return replace(record, snoozed=snoozed)


def next_slot_start(timelines: Sequence[Timeline], now: datetime) -> datetime | None:
    """Start of the first open slot after `now` ("snooze until the next slot")."""
    now = _utc(now)
    starts = [e.starts_at for tl in timelines for e in tl.entries if e.is_open() and e.starts_at > now]
    return min(starts, default=None)


# --- which reminders exist -----------------------------------------------------------


def _day_end(timeline: Timeline) -> datetime:
    return resolve(timeline.date, time(0, 0), timeline.zone, day_offset=1)


def _make(tl: Timeline, e: Entry, kind: str, due: datetime, **extra: Any) -> Reminder:
    return Reminder(
        key=extra.pop("key", None) or reminder_key(tl.date, e.id, kind, e.start),
        kind=kind, due=due, day=tl.date, zone=tl.zone, task_id=e.id, title=e.title, task_kind=e.kind,
        start=e.start, end=e.end, starts_at=e.starts_at, ends_at=e.ends_at, **extra,
    )


def _base(tl: Timeline, e: Entry, rules: Rules, after: datetime, upto: datetime | None) -> Iterator[Reminder]:
    """The task's own reminders due in (after, upto] (upto None: no upper bound), in time order."""

    def inside(due: datetime) -> bool:
        return due > after and (upto is None or due <= upto)

    lead = rules.lead_for(e)
    if lead > 0:
        due = e.starts_at - timedelta(minutes=lead)
        if inside(due):
            yield _make(tl, e, LEAD, due, lead=lead)
    if rules.at_start and inside(e.starts_at):
        yield _make(tl, e, START, e.starts_at)
    if rules.nag_minutes is None or e.kind not in rules.nag_kinds:
        return
    step = timedelta(minutes=rules.nag_minutes)
    first = 0 if e.ends_at > e.starts_at else 1  # a zero-length slot: its first nag is not its start
    day_end = _day_end(tl)
    last = max(first, (day_end - e.ends_at - _EPSILON) // step) if day_end > e.ends_at else first
    low = max(first, (after - e.ends_at) // step + 1) if after >= e.ends_at else first
    if upto is None:
        high = last
    elif upto >= e.ends_at:
        high = min(last, (upto - e.ends_at) // step)
    else:
        high = -1
    for k in range(low, high + 1):
        number = k - first + 1
        yield _make(tl, e, NAG, e.ends_at + k * step, nag=number,
                    key=reminder_key(tl.date, e.id, f"{NAG}-{number}", e.start))


def _snoozed_back(tl: Timeline, e: Entry, rules: Rules, record: Record) -> Iterator[Reminder]:
    """Snoozed reminders of this task coming back (whatever the window: a snooze is explicit)."""
    prefix = f"{tl.date.isoformat()}|{e.id}|"
    suffix = f"|{e.start:%H:%M}"
    for base, until in record.snoozed.items():
        if not (base.startswith(prefix) and base.endswith(suffix)):
            continue
        kind = base.split("|")[2]
        yield _make(tl, e, kind.split("-")[0], until, key=f"{base}|snooze|{until.strftime('%Y-%m-%dT%H:%M:%SZ')}",
                    snoozed_from=base, lead=rules.lead_for(e) if kind == LEAD else 0)


def _snoozed_until(tl: Timeline, e: Entry, record: Record) -> datetime | None:
    key = task_key(tl.date, e.id, e.start)
    untils = [u for base, u in record.snoozed.items() if _task_key_of(base) == key]
    return max(untils, default=None)


def _open_entries(timelines: Sequence[Timeline], record: Record) -> Iterator[tuple[Timeline, Entry, datetime | None]]:
    """Each open task with the end of its snooze (None: not snoozed): what step and next_due both walk."""
    for tl in timelines:
        for e in tl.entries:
            if e.is_open():
                yield tl, e, _snoozed_until(tl, e, record)


# --- stepping ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Batch:
    """What one step found: deliver `fresh` one by one and `missed` as one digest."""

    now: datetime
    fresh: tuple[Reminder, ...] = ()
    """On time (within grace): one per task, the newest, in due order."""
    missed: tuple[Reminder, ...] = ()
    """Too late to deliver as if on time: the newest per task, in slot order."""
    missed_count: int = 0
    """How many reminders the digest stands for (every nag counted)."""
    settled: tuple[str, ...] = ()
    """Every key this step recorded: delivered, missed, superseded, or held back by a snooze."""

    def __bool__(self) -> bool:
        return bool(self.settled)


def _fresh(reminder: Reminder, now: datetime, grace: timedelta) -> bool:
    if now - reminder.due <= grace:
        return True
    # A lead warning is news until its slot starts, however late it is.
    return reminder.kind == LEAD and reminder.snoozed_from is None and now < reminder.starts_at


def step(timelines: Sequence[Timeline], rules: Rules, record: Record, now: datetime) -> tuple[Batch, Record]:
    """What is due at `now`, and the record after delivering it; see the module docstring."""
    now = _utc(now)
    since = record.seen_until
    if since is None or since > now:
        # First look ever, or the clock went backwards: only the last grace minutes count.
        since = now - rules.grace
    by_task: dict[str, list[Reminder]] = {}
    held: list[str] = []
    for tl, e, until in _open_entries(timelines, record):
        for r in _base(tl, e, rules, since, now):
            if r.key in record.fired:
                continue
            if until is not None and r.due < until:
                held.append(r.key)  # the snooze speaks for the task until it ends
                continue
            by_task.setdefault(r.task_key, []).append(r)
        for r in _snoozed_back(tl, e, rules, record):
            if r.due <= now and r.key not in record.fired:
                by_task.setdefault(r.task_key, []).append(r)
    fresh: list[Reminder] = []
    missed: list[Reminder] = []
    missed_count = 0
    settled = list(held)
    for reminders in by_task.values():
        reminders.sort(key=Reminder.order)
        settled.extend(r.key for r in reminders)
        on_time = [r for r in reminders if _fresh(r, now, rules.grace)]
        if on_time:
            fresh.append(on_time[-1])
        else:
            missed.append(reminders[-1])
            missed_count += len(reminders)
    fresh.sort(key=Reminder.order)
    missed.sort(key=lambda r: (r.starts_at, r.task_id))
    batch = Batch(now, tuple(fresh), tuple(missed), missed_count, tuple(settled))
    new = record.with_fired(settled, now) if settled else record
    return batch, replace(new, seen_until=now)


def next_due(timelines: Sequence[Timeline], rules: Rules, record: Record, now: datetime) -> datetime | None:
    """The instant of the next reminder after `now` (None: nothing left in these timelines)."""
    now = _utc(now)
    best: datetime | None = None
    for tl, e, until in _open_entries(timelines, record):
        for r in _base(tl, e, rules, now, None):
            if best is not None and r.due >= best:
                break  # in time order: nothing later in this task can win
            if r.key in record.fired or (until is not None and r.due < until):
                continue
            best = r.due
            break
        for r in _snoozed_back(tl, e, rules, record):
            if r.due > now and r.key not in record.fired and (best is None or r.due < best):
                best = r.due
    return best
