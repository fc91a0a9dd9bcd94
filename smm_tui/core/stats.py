"""How the days went: statistics and search over a range of days, answered by the history index.

Every figure is one SQL query over core.index's tables, so ten years cost
about what a week does. The states are the ones every view uses (core.timeline's
Counts, the one definition): planned is every task of a day, skipped ones too;
done and skipped by status; open is the rest, and an open task whose end has
passed is *overdue* on a day that is not over yet and *missed* on one that is.
Only days with their own file count: a day without one was never opened or
changed (its tasks are the routine's, untouched), and is reported as such
rather than counted as a day of misses.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from smm_tui.core.timeline import Counts

SCHEMA = "smm-tui/stats"
SCHEMA_VERSION = 1
BY = ("kind", "platform", "weekday", "slot")
NO_PLATFORM = "(none)"
ADDED = "(added)"
STREAK_SLOTS = {"wake": "morning check", "lunch": "lunch check-in", "last-look": "final feed check"}
"""The routine slots whose daily streaks are reported (ids of the built-in routine)."""
TOP = 5

_LATE_SUMS = """
    SUM(status = 'todo' AND :now >= ends_utc AND :now < over_utc),
    SUM(status = 'todo' AND :now >= ends_utc AND :now >= over_utc)
"""
_UNSETTLED_KEYS = {"kind": ("kind", "tasks"), "platform": ("platform", "platforms"),
                   "weekday": ("CAST(weekday AS TEXT)", "tasks"), "slot": ("COALESCE(slot, '')", "tasks")}
"""For the few unsettled days: each grouping's key as `day_counts` spells it, and the table to count in."""
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""models.WEEKDAYS (a test keeps them equal), here so that answering from the index imports no pydantic."""


def share_done(counts: Counts) -> float | None:
    """done / planned (None when nothing was planned)."""
    return counts.done / counts.planned if counts.planned else None


def counts_doc(counts: Counts) -> dict[str, Any]:
    """The JSON form: the counts every view prints, and the share done (4 decimals)."""
    share = share_done(counts)
    return {**counts.as_dict(), "share_done": round(share, 4) if share is not None else None}


@dataclass(frozen=True, slots=True)
class Lateness:
    """Plan vs actual for the done tasks of a kind: minutes from the slot's start to the tick."""

    done: int
    median_minutes: float
    p90_minutes: float
    inside_slot: int
    """Ticked between the slot's start and its end."""


@dataclass(frozen=True, slots=True)
class Cadence:
    """A slot repeating within the day (monitoring every 2 h): rounds planned and kept."""

    days: int
    rounds_planned: int
    rounds_kept: int
    days_all_kept: int


@dataclass(frozen=True, slots=True)
class Streak:
    label: str
    current: int
    """Days in a row up to the end of the range (today, if the range reaches it, does not break it)."""
    longest: int


@dataclass(frozen=True, slots=True)
class SlotFigure:
    slot: str
    planned: int
    minutes: int
    skipped: int


@dataclass
class Stats:
    """Everything `smm-tui stats` shows for a range."""

    first: date
    last: date
    by: str
    days: int
    """Days in the range with their own file (the ones counted)."""
    days_without_file: int
    """Days before today in the range that have no file: never opened or changed, not counted."""
    total: Counts
    groups: dict[str, Counts]
    by_kind: dict[str, Counts]
    by_platform: dict[str, Counts]
    lateness: dict[str, Lateness]
    cadence: dict[str, Cadence]
    streaks: dict[str, Streak]
    busiest: list[SlotFigure]
    most_skipped: list[SlotFigure]
    problems: list[str] = field(default_factory=list)

    def to_doc(self, now: datetime) -> dict[str, Any]:
        """The versioned JSON document (like `today --json`: schema and version first)."""
        return {
            "schema": SCHEMA, "version": SCHEMA_VERSION, "from": self.first.isoformat(),
            "to": self.last.isoformat(), "now": now.isoformat(), "by": self.by, "days": self.days,
            "days_without_file": self.days_without_file, "total": counts_doc(self.total),
            "groups": {k: counts_doc(c) for k, c in self.groups.items()},
            "by_kind": {k: counts_doc(c) for k, c in self.by_kind.items()},
            "by_platform": {k: counts_doc(c) for k, c in self.by_platform.items()},
            "plan_vs_actual": {k: {"done": v.done, "median_minutes": v.median_minutes, "p90_minutes": v.p90_minutes,
                                   "inside_slot": v.inside_slot} for k, v in self.lateness.items()},
            "cadence": {k: {"days": v.days, "rounds_planned": v.rounds_planned, "rounds_kept": v.rounds_kept,
                            "days_all_kept": v.days_all_kept} for k, v in self.cadence.items()},
            "streaks": {k: {"label": v.label, "current": v.current, "longest": v.longest}
                        for k, v in self.streaks.items()},
            "busiest_slots": [_slot_doc(s) for s in self.busiest],
            "most_skipped_slots": [_slot_doc(s) for s in self.most_skipped],
            "problems": self.problems,
        }


def _slot_doc(s: SlotFigure) -> dict[str, Any]:
    return {"slot": s.slot, "planned": s.planned, "minutes": s.minutes, "skipped": s.skipped}


def _label(by: str, key: str) -> str:
    if by == "weekday":
        return WEEKDAYS[int(key)]
    if by == "platform":
        return key or NO_PLATFORM
    if by == "slot":
        return key or ADDED
    return key


def counts_by(db: sqlite3.Connection, first: date, last: date, now: datetime, by: str) -> dict[str, Counts]:
    """State counts per group (`by`: kind, platform, weekday or slot), largest group first.

    Settled days (core.index) come summed from `day_counts`, their open tasks all missed;
    the unsettled ones in the range are counted task by task at `now`.
    """
    params = {"dim": by, "a": first.isoformat(), "b": last.isoformat(), "now": now.timestamp()}
    sums: dict[str, list[int]] = {}
    for key, planned, done, skipped, missed in db.execute(
        "SELECT key, SUM(planned), SUM(done), SUM(skipped), SUM(CASE WHEN settled_utc <= :now THEN open END) "
        "FROM day_counts WHERE dim = :dim AND date BETWEEN :a AND :b GROUP BY key HAVING SUM(planned) > 0", params,
    ):
        sums[key] = [int(planned), int(done), int(skipped), 0, int(missed or 0)]
    unsettled = [row[0] for row in db.execute(
        "SELECT date FROM files WHERE date BETWEEN :a AND :b AND settled_utc > :now", params)]
    if unsettled:
        column, table = _UNSETTLED_KEYS[by]
        marks = ", ".join("?" * len(unsettled))
        for key, overdue, missed in db.execute(
            f"SELECT {column}, {_LATE_SUMS.replace(':now', '?')} FROM {table} WHERE date IN ({marks}) GROUP BY 1",
            (*([params["now"]] * 4), *unsettled),
        ):
            acc = sums.setdefault(key, [0, 0, 0, 0, 0])
            acc[3] += int(overdue or 0)
            acc[4] += int(missed or 0)
    out = {_label(by, key): Counts(*acc) for key, acc in sums.items()}
    if by == "weekday":
        return {day: out[day] for day in WEEKDAYS if day in out}
    return dict(sorted(out.items(), key=lambda item: (-item[1].planned, item[0])))


def total(db: sqlite3.Connection, first: date, last: date, now: datetime) -> Counts:
    """All tasks of the range: the sum of the per-kind counts (every task has one kind)."""
    return sum_counts(counts_by(db, first, last, now, "kind").values())


def sum_counts(groups: Iterable[Counts]) -> Counts:
    out = Counts(0, 0, 0)
    for c in groups:
        out = Counts(out.planned + c.planned, out.done + c.done, out.skipped + c.skipped,
                          out.overdue + c.overdue, out.missed + c.missed)
    return out


def lateness(db: sqlite3.Connection, first: date, last: date) -> dict[str, Lateness]:
    """Per kind, for done tasks: median and 90th percentile of (tick - slot start), and ticks inside the slot.

    The percentiles are read off the (kind, late_minutes) index with OFFSET, so ten years
    cost a few index steps per kind instead of sorting every tick in Python. p90 is the
    nearest rank; the median of an even count is the mean of the middle two.
    """
    a, b = first.isoformat(), last.isoformat()
    groups = db.execute(
        "SELECT key, SUM(late_n), SUM(inside) FROM day_counts WHERE dim = 'kind' AND date BETWEEN ? AND ? "
        "GROUP BY key HAVING SUM(late_n) > 0 ORDER BY key", (a, b)).fetchall()

    def nth(kind: str, n: int) -> float:
        row = db.execute(
            "SELECT late_minutes FROM tasks INDEXED BY tasks_lateness WHERE kind = ? AND late_minutes IS NOT NULL "
            "AND date BETWEEN ? AND ? ORDER BY late_minutes LIMIT 1 OFFSET ?", (kind, a, b, n)).fetchone()
        return float(row[0])

    out = {}
    for kind, count, inside in groups:
        middle = count // 2
        med = nth(kind, middle) if count % 2 else (nth(kind, middle - 1) + nth(kind, middle)) / 2
        p90 = nth(kind, max(0, math.ceil(0.9 * count) - 1))
        out[kind] = Lateness(int(count), round(med, 1), round(p90, 1), int(inside or 0))
    return out


def cadence(db: sqlite3.Connection, first: date, last: date) -> dict[str, Cadence]:
    """Slots with several rounds a day: rounds planned and kept (done), and days with every round kept."""
    rows = db.execute(
        "SELECT key, planned, done FROM day_counts WHERE dim = 'slot' AND key != '' AND planned > 1 "
        "AND date BETWEEN ? AND ?", (first.isoformat(), last.isoformat()),
    ).fetchall()
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for slot, planned, kept in rows:
        entry = sums[slot]
        entry[0] += 1
        entry[1] += planned
        entry[2] += kept
        entry[3] += kept == planned
    return {slot: Cadence(*v) for slot, v in sorted(sums.items())}


def streaks(db: sqlite3.Connection, first: date, last: date, today: date) -> dict[str, Streak]:
    """Days in a row on which each STREAK_SLOTS slot was done.

    A day with a file where the slot was not done breaks the streak; a day that
    has the file but not the slot (a weekday it does not happen) does not; a
    past day without a file breaks it (nothing was done); today does not until
    it is over.
    """
    a, b = first.isoformat(), last.isoformat()
    worked = {row[0] for row in db.execute(
        "SELECT date FROM files WHERE problem IS NULL AND date BETWEEN ? AND ?", (a, b))}
    marks: dict[tuple[str, str], int] = {
        (row[0], row[1]): row[2] for row in db.execute(
            f"SELECT date, key, done > 0 FROM day_counts WHERE dim = 'slot' "
            f"AND key IN ({','.join('?' * len(STREAK_SLOTS))}) AND date BETWEEN ? AND ?", (*STREAK_SLOTS, a, b))}
    seen_slots = {slot for _, slot in marks}
    out = {}
    end = min(last, today)
    for slot, label in STREAK_SLOTS.items():
        if slot not in seen_slots:
            continue
        current = longest = 0
        day = first
        while day <= end:
            key = day.isoformat()
            mark = marks.get((key, slot))
            if mark == 1:
                current += 1
            elif (key in worked and mark is None) or (day == today):
                pass  # not planned that day, or today still running
            else:
                current = 0
            longest = max(longest, current)
            day += timedelta(days=1)
        out[slot] = Streak(label, current, longest)
    return out


def slot_figures(db: sqlite3.Connection, first: date, last: date) -> tuple[list[SlotFigure], list[SlotFigure]]:
    """The busiest routine slots (most tasks planned, then most minutes) and the most skipped ones."""
    rows = db.execute(
        "SELECT key, SUM(planned), SUM(minutes), SUM(skipped) FROM day_counts "
        "WHERE dim = 'slot' AND key != '' AND date BETWEEN ? AND ? GROUP BY key",
        (first.isoformat(), last.isoformat()),
    ).fetchall()
    figures = [SlotFigure(str(r[0]), int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in rows]
    busiest = sorted(figures, key=lambda s: (-s.planned, -s.minutes, s.slot))[:TOP]
    skipped = sorted((s for s in figures if s.skipped), key=lambda s: (-s.skipped, -s.skipped / s.planned, s.slot))
    return busiest, skipped[:TOP]


def done_per_day(db: sqlite3.Connection, first: date, last: date) -> dict[date, tuple[int, int]]:
    """(done, planned) of each day with a file in [first, last]: the share done per day (the heatmap's)."""
    return {date.fromisoformat(day): (int(done), int(planned)) for day, done, planned in db.execute(
        "SELECT date, SUM(done), SUM(planned) FROM day_counts WHERE dim = 'kind' AND date BETWEEN ? AND ? "
        "GROUP BY date", (first.isoformat(), last.isoformat()))}


def compute(db: sqlite3.Connection, first: date, last: date, now: datetime, today: date, by: str = "kind",
            problems: list[str] | None = None) -> Stats:
    """All statistics for [first, last] at `now` (`today`: now's date in the local zone)."""
    a, b = first.isoformat(), last.isoformat()
    days = db.execute("SELECT COUNT(*) FROM files WHERE problem IS NULL AND date BETWEEN ? AND ?", (a, b)).fetchone()[0]
    past_last = min(last, today - timedelta(days=1))
    past = (past_last - first).days + 1 if past_last >= first else 0
    with_file = db.execute("SELECT COUNT(*) FROM files WHERE date BETWEEN ? AND ?",
                           (a, past_last.isoformat())).fetchone()[0] if past else 0
    by_kind = counts_by(db, first, last, now, "kind")
    busiest, most_skipped = slot_figures(db, first, last)
    return Stats(
        first=first, last=last, by=by, days=days, days_without_file=past - with_file,
        total=sum_counts(by_kind.values()), groups=by_kind if by == "kind" else counts_by(db, first, last, now, by),
        by_kind=by_kind, by_platform=counts_by(db, first, last, now, "platform"),
        lateness=lateness(db, first, last), cadence=cadence(db, first, last),
        streaks=streaks(db, first, last, today), busiest=busiest, most_skipped=most_skipped,
        problems=problems or [],
    )


@dataclass(frozen=True, slots=True)
class Hit:
    """One task found by search."""

    date: date
    start: int
    id: str
    title: str
    kind: str
    status: str
    platforms: tuple[str, ...]
    note: str


SEARCH_STATUSES = {"open": "todo", "todo": "todo", "done": "done", "skipped": "skipped"}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(db: sqlite3.Connection, text: str, *, kind: str | None = None, platform: str | None = None,
           status: str | None = None, first: date | None = None, last: date | None = None,
           limit: int = 200) -> list[Hit]:
    """Tasks whose title, note or platforms contain `text` (ASCII letters case-insensitively), newest first."""
    where = ["(t.title LIKE :q ESCAPE '\\' OR t.note LIKE :q ESCAPE '\\' OR t.platforms LIKE :q ESCAPE '\\')"]
    params: dict[str, Any] = {"q": _like(text), "limit": limit}
    if kind is not None:
        where.append("t.kind = :kind")
        params["kind"] = kind
    if status is not None:
        where.append("t.status = :status")
        params["status"] = SEARCH_STATUSES[status]
    if platform is not None:
        where.append("EXISTS (SELECT 1 FROM platforms p WHERE p.date = t.date AND p.id = t.id AND p.platform = :pl)")
        params["pl"] = platform.strip().lower()
    if first is not None:
        where.append("t.date >= :a")
        params["a"] = first.isoformat()
    if last is not None:
        where.append("t.date <= :b")
        params["b"] = last.isoformat()
    rows = db.execute(
        "SELECT t.date, t.start, t.id, t.title, t.kind, t.status, t.platforms, t.note FROM tasks t "
        f"WHERE {' AND '.join(where)} ORDER BY t.date DESC, t.start DESC, t.pos DESC LIMIT :limit", params,
    ).fetchall()
    return [Hit(date.fromisoformat(r[0]), r[1], r[2], r[3], r[4], r[5], tuple(p for p in r[6].split("\n") if p), r[7])
            for r in rows]
