"""How long the app's statistics and search screens take to fill in over a long history.

In process, headless at 120x40 (Textual's Pilot), on a data dir of synthetic
history (benchmarks/synth.py; default ten years, 3,650 days x 40 tasks):

- `S` with no index yet: the first build (behind the ProgressBar), then this week's figures;
- `S` with the index in place: this week's figures;
- the chosen range over the whole history (`r`, both dates, Enter);
- `ctrl+f`: from the text in the field to the results on screen (the typing pause included).

Each is the time from the key to the figures (or results) drawn, the median
of --runs. Usage: python benchmarks/stats_screen.py [--days 3650] [--runs 5] [--cold-runs 1] [--data DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

END = date(2026, 11, 26)


async def _until(pilot: Any, condition: Callable[[], object], timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen never filled in")
        await pilot.pause(0.005)


async def _timed(data_dir: Path, scenario: Callable[[Any], Awaitable[float]]) -> float:
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.store import Store
    from smm_tui.ui.app import SmmApp

    clock = FrozenClock(datetime.combine(END, datetime.min.time(), tzinfo=UTC) + timedelta(hours=8), "Europe/Berlin")
    store = Store(data_dir, clock).open()
    app = SmmApp(data_dir, data_dir / "config.toml", clock, store=store, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return await scenario(pilot)


async def open_stats(pilot: Any) -> float:
    from smm_tui.ui.screens.stats import StatsScreen

    start = time.perf_counter()
    await pilot.press("S")
    await _until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen) and pilot.app.screen.view is not None
                 and not pilot.app.screen.loading)
    await pilot.pause()
    return time.perf_counter() - start


def whole_range(first: date) -> Callable[[Any], Awaitable[float]]:
    async def scenario(pilot: Any) -> float:
        await open_stats(pilot)
        screen = pilot.app.screen
        await pilot.press("r")
        screen.query_one("#stats-range").value = f"{first} {END}"  # typed at once: Pilot's keys are slow
        start = time.perf_counter()
        await pilot.press("enter")
        await _until(pilot, lambda: screen.view.stats.first == first and not screen.loading)
        await pilot.pause()
        return time.perf_counter() - start
    return scenario


async def search(pilot: Any) -> float:
    """From the search text in the field (as if pasted) to the results drawn; includes the typing pause."""
    from smm_tui.ui.screens.search import SearchScreen

    await pilot.press("ctrl+f")
    await _until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
    screen = pilot.app.screen
    start = time.perf_counter()
    screen.query_one("#search-text").value = "generated"
    await _until(pilot, lambda: not screen.searching and screen.hits)
    await pilot.pause()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=1, help="first builds to time (each re-reads every file)")
    parser.add_argument("--data", type=Path, help="an existing synthetic data dir (else one is built)")
    args = parser.parse_args()
    from benchmarks.synth import build_year
    from smm_tui.core.index import index_path

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / "data"
            build_year(data, end=END, days=args.days)
        first = END - timedelta(days=args.days)
        rows: dict[str, list[float]] = {"S, first build of the index": [], "S, index in place": [],
                                        f"chosen range {first} to {END}": [], "ctrl+f: text to results (incl. 0.15 s pause)": []}
        for _ in range(args.cold_runs):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{index_path(data)}{suffix}").unlink(missing_ok=True)
            rows["S, first build of the index"].append(asyncio.run(_timed(data, open_stats)))
        for _ in range(args.runs):
            rows["S, index in place"].append(asyncio.run(_timed(data, open_stats)))
            rows[f"chosen range {first} to {END}"].append(asyncio.run(_timed(data, whole_range(first))))
            rows["ctrl+f: text to results (incl. 0.15 s pause)"].append(asyncio.run(_timed(data, search)))
        shutil.rmtree(Path(tmp), ignore_errors=True)
    print(f"{args.days} days x 40 tasks, median of {args.runs} runs ({args.cold_runs} of the first build); "
          "seconds from the key to the screen filled in")
    for name, values in rows.items():
        print(f"  {name:<44} {statistics.median(values):7.3f}   (min {min(values):.3f}, max {max(values):.3f})")


if __name__ == "__main__":
    main()
