"""Keypress-to-render on a 300-slot day (a 5-minute cadence), in-process with Textual's Pilot.

Each sample presses a cursor key and waits until Textual has processed it and
refreshed the screen (`pilot.pause()`). Pilot's waiting sleeps in 20 ms steps,
so the wall time says little; the CPU time the process spent from the key to
idle does: the action, the timeline's Line-API redraw of the changed lines and
the compositor update. Reports median and 95th percentile for a day of 20
slots and one of 300 at 120x40: with only visible lines rendered, the two
should be about the same (and both far below a 16 ms frame).

Usage: python benchmarks/keypress.py [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DAY = date(2026, 11, 26)


async def _sample(slots: int, presses: int) -> list[float]:
    from smm_tui.config import Settings
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.models import Day, Task
    from smm_tui.core.store import Store
    from smm_tui.ui.app import SmmApp

    with tempfile.TemporaryDirectory() as tmp:
        clock = FrozenClock(datetime(2026, 11, 26, 9, 10, tzinfo=ZoneInfo("Europe/Berlin")), "Europe/Berlin")
        store = Store(Path(tmp) / "data", clock).open()
        if slots:
            step = max(1, (24 * 60) // slots)
            tasks = tuple(
                Task(id=f"t{i:03d}", title=f"Check {i}", minutes=step, kind="monitor", platforms=("x",),
                     start=(datetime(2026, 1, 1) + timedelta(minutes=min(i * step, 24 * 60 - 1))).time())
                for i in range(slots))
            store.save_day(Day(date=DAY, zone="Europe/Berlin", tasks=tasks))
        app = SmmApp(Path(tmp) / "data", Path(tmp) / "config.toml", clock, store=store, settings=Settings(),
                     cursor_blink=False)
        samples = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("g")
            for index in range(presses):
                key = "j" if (index // 50) % 2 == 0 else "k"   # down 50, up 50, ...: scrolls too
                start = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                samples.append((time.process_time() - start) * 1000)
        return samples


def measure(presses: int = 200) -> dict[str, float]:
    """Median and p95 CPU ms from keypress to rendered screen, for 20 and 300 slots."""
    result: dict[str, float] = {}
    for label, slots in (("routine day (20 slots)", 0), ("300 slots", 300)):
        samples = sorted(asyncio.run(_sample(slots, presses)))
        result[f"{label} median"] = round(statistics.median(samples), 2)
        result[f"{label} p95"] = round(samples[int(len(samples) * 0.95) - 1], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    result = measure(args.presses)
    for name, value in result.items():
        print(f"{name:<30} {value} ms CPU")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
