"""A small fixed history for the statistics and search screens: the three weeks up to the frozen day.

Deterministic (no random numbers): on each past day the first slots are done
a few minutes after their start, every fifth one is skipped, the rest left
open (missed); on some days a "Recap" task with a note is added, so search
has something to find on several days. Two days in the range have no file
(never opened), so the screens show days that are not counted.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from smm_tui.core.clock import FrozenClock
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store

FIRST = date(2026, 11, 2)
BERLIN = ZoneInfo("Europe/Berlin")
NEVER_OPENED = (date(2026, 11, 8), date(2026, 11, 15))


def _worked(day: Day, index: int) -> Day:
    tasks = day.ordered()
    done_share = 0.3 + 0.05 * (index % 10)
    for n, task in enumerate(tasks):
        start = datetime.combine(day.date, task.start, tzinfo=BERLIN)
        if n % 5 == 4:
            day = day.set_status(task.id, "skipped", start)
        elif n < len(tasks) * done_share:
            day = day.set_status(task.id, "done", start + timedelta(minutes=(n * 7) % 40 - 5))
    return day


def _recap(day: Day, index: int) -> Day:
    if index % 3:
        return day
    task = Task(id=f"recap-{index}", title=f"Recap of week {index // 7 + 1}", start=time(17, 0),
                minutes=30, kind="publish", platforms=("blog", "linkedin"), note="the weekly recap post")
    return day.with_task(task)


def build_history(store: Store, clock: FrozenClock) -> list[date]:
    """Write the history; returns the days that got a file."""
    today = clock.now().date()
    written = []
    day = FIRST
    index = 0
    while day < today:
        if day not in NEVER_OPENED:
            store.update_day(day, lambda d, i=index: _worked(_recap(d, i), i))
            written.append(day)
        day += timedelta(days=1)
        index += 1
    store.update_day(today, lambda d: _recap(d, 0).set_status("wake-0530", "done", clock.now()))
    written.append(today)
    return written
