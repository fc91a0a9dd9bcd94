"""Build a synthetic year of history: 365 day files x ~40 tasks, through the real store.

Usage: python benchmarks/synth.py DATA_DIR [--days 365] [--tasks 40] [--end 2026-11-26]
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from smm_tui.core.clock import FrozenClock
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store

PLATFORMS = ("email", "x", "facebook", "instagram", "linkedin", "youtube", "blog", "foursquare", "news")


def synthetic_day(day: date, tasks: int, zone: str, rng: random.Random) -> Day:
    out = []
    for index in range(tasks):
        minute = 5 * 60 + 30 + index * (18 * 60 // tasks)
        status = rng.choice(("done", "done", "done", "skipped", "todo"))
        start = time(minute // 60 % 24, minute % 60)
        done_at = datetime.combine(day, start, tzinfo=UTC) if status == "done" else None
        out.append(Task(
            id=f"t{index:03d}",
            title=f"Synthetic task {index} of {day.isoformat()}",
            start=start,
            minutes=rng.choice((15, 30, 45, 60)),
            kind=rng.choice(KINDS),
            platforms=tuple(rng.sample(PLATFORMS, rng.randint(0, 3))),
            status=status,
            done_at=done_at,
            note="generated" if index % 7 == 0 else "",
        ))
    return Day(date=day, zone=zone, tasks=tuple(out))


def build_year(data_dir: Path, *, end: date, days: int = 365, tasks: int = 40, zone: str = "Europe/Berlin") -> Store:
    """Fill `data_dir` with `days` day files ending the day before `end` (today stays routine-only)."""
    clock = FrozenClock(datetime.combine(end, time(9, 0), tzinfo=UTC), zone)
    store = Store(data_dir, clock).open()
    rng = random.Random(2026)
    for offset in range(days, 0, -1):
        store.save_day(synthetic_day(end - timedelta(days=offset), tasks, zone, rng))
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--tasks", type=int, default=40)
    parser.add_argument("--end", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    build_year(args.data_dir, end=args.end, days=args.days, tasks=args.tasks)
    print(f"wrote {args.days} days x {args.tasks} tasks to {args.data_dir}")


if __name__ == "__main__":
    main()
