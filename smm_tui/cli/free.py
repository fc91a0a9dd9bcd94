"""`smm-tui free` and `smm-tui add --at next`: the day's free gaps on the command line.

Both read the gaps as `core.gaps` defines them (skipped tasks free their
time; zero-minute tasks split nothing) and count the tail of the day before
that runs past midnight as busy. On today's date they look from now on (no
one plans into the past); on other days from 00:00. `add --at next` starts
the task at the next whole five minutes from now when that is free, else at
the start of the next gap long enough.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from smm_tui.cli.parser import _minutes_arg
from smm_tui.core.gaps import Gap, day_window, duration_words, free_gaps, next_free
from smm_tui.core.timeline import BandStarts, Timeline, build

if TYPE_CHECKING:
    import argparse

    from smm_tui.cli import Context
    from smm_tui.core.models import Day
    from smm_tui.core.store import Store

PROG = "smm-tui"
ALIGN_MINUTES = 5
"""`add --at next` from now starts on a whole five minutes (10:07 -> 10:10)."""


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The parser of `free` (`command` is build_parser's sub-command factory)."""
    free = command("free", "list the day's free gaps (today: from now on)")
    free.add_argument("--minutes", type=_minutes_arg, default=None, metavar="N",
                      help="only gaps of at least N minutes (default: task_minutes in config.toml, 30)")
    free.add_argument("--json", action="store_true", help="print a JSON document instead")


def _tail_of_day_before(store: Store, day: date, bands: BandStarts) -> list[tuple[datetime, datetime]]:
    """The tasks of the day before that run past midnight: busy at the start of `day`."""
    try:
        before = build(store.load_day(day - timedelta(days=1)), bands)
    except Exception:  # noqa: BLE001 - a broken or unreachable day before only loses its tail
        return []
    end = before.over_at
    return [(end, e.ends_at) for e in before.entries
            if end is not None and e.status != "skipped" and e.ends_at > end]


def _since(timeline: Timeline, now: datetime, *, align: int = 1) -> datetime | None:
    """Where to look from: now (rounded up to `align` minutes) on today's date, else None (the day's start)."""
    if now.date() != timeline.date:
        return None
    start = now.replace(second=0, microsecond=0)
    if start < now:
        start += timedelta(minutes=1)
    return start + timedelta(minutes=-start.minute % align)


def next_start(current: Day, minutes: int, store: Store, bands: BandStarts, now: datetime) -> time:
    """The start of the next free gap of `minutes` on `current` (from now on today); SmmError if none."""
    from smm_tui.core.errors import SmmError, UsageError

    timeline = build(current, bands)
    if now.date() > timeline.date:
        raise UsageError(f"{PROG} add --at next: {timeline.date.isoformat()} is over; give a time with --at HH:MM")
    after = _since(timeline, now, align=ALIGN_MINUTES) or day_window(timeline)[0]
    gap = next_free(timeline, minutes, after, also_busy=_tail_of_day_before(store, timeline.date, bands))
    if gap is None:
        raise SmmError(f"{PROG} add --at next: no free gap of {duration_words(minutes)} left on "
                         f"{timeline.date.isoformat()}; give a time with --at HH:MM")
    return gap.start


def _gap_doc(gap: Gap) -> dict[str, object]:
    return {"start": gap.start.strftime("%H:%M"), "end": gap.end.strftime("%H:%M"), "minutes": gap.minutes,
            "starts_at": gap.starts_at.isoformat(), "ends_at": gap.ends_at.isoformat()}


def cmd_free(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.cli import build_timeline

    settings, _warning = ctx.settings(strict=False)
    minutes = args.minutes if args.minutes is not None else settings.task_minutes
    day = ctx.day(args.date)
    store = ctx.store(write=False)
    timeline = build_timeline(ctx, day, store=store)
    now = ctx.clock.now()
    bands = settings.bands.starts()
    gaps = free_gaps(timeline, after=_since(timeline, now), min_minutes=max(minutes, 1),
                     also_busy=_tail_of_day_before(store, day, bands))
    if args.json:
        doc = {"date": day.isoformat(), "zone": timeline.zone, "minutes": minutes,
               "gaps": [_gap_doc(gap) for gap in gaps]}
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return 0
    for gap in gaps:
        end = "24:00" if gap.end == time(0) else gap.end.strftime("%H:%M")
        sys.stdout.write(f"{gap.start.strftime('%H:%M')}–{end}  {duration_words(gap.minutes)}\n")
    if not gaps:
        sys.stderr.write(f"{PROG} free: no free gap of {duration_words(minutes)} "
                         f"{'left ' if now.date() == day else ''}on {day.isoformat()}\n")
    return 0
