"""Export timings against a synthetic year of history (365 day files x 40 tasks).

In-process (the exporters alone, timeline building included, medians of
interleaved runs): a day as svg, as ics, the week around it as one svg page,
and the whole year as one ics file. Through the CLI (process start included):
`smm-tui export` of a day as svg and ics and of its week as svg, with `smm-tui today --date` of the same day measured in the same run as
the baseline (same process start, same day file, no export work).

Usage: python benchmarks/export.py [--runs 11]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build_year
from benchmarks.timing import env_with, interleaved, median

PY = sys.executable
SCRIPT = str(Path(PY).parent / "smm-tui")
END = date(2026, 11, 26)


def _time_ms(fn: Callable[[], bytes]) -> tuple[float, int]:
    start = time.perf_counter()
    data = fn()
    return (time.perf_counter() - start) * 1000, len(data)


def measure(runs: int, *, year: Path | None = None, end: date = END, warmup: int = 2) -> dict[str, float]:
    """Medians (ms), ratios and sizes; `year`: an already built synthetic year ending the day before `end`.

    The CLI cases run max(3, runs // 2) times after `warmup` rounds (each round includes a year export).
    """
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.export import export_day, export_range
    from smm_tui.core.store import Store

    def week_svg(store: Store, day: date) -> bytes:
        from smm_tui.core.export import options_for, timeline_of
        from smm_tui.core.export.week import render_week, week_of

        options = options_for(store)
        return render_week("svg", [timeline_of(store, d, options) for d in week_of(day)], options)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = year or Path(tmp) / "year"
        if year is None:
            build_year(data_dir, end=end)
        day = end - timedelta(days=1)  # has a file with 40 tasks
        first = end - timedelta(days=365)
        clock = FrozenClock(datetime.combine(end, datetime.min.time(), tzinfo=UTC), "Europe/Berlin")
        cases: dict[str, Callable[[], bytes]] = {
            "day svg (in-process)": lambda: export_day(Store(data_dir, clock), day, "svg"),
            "day ics (in-process)": lambda: export_day(Store(data_dir, clock), day, "ics"),
            "week svg (in-process)": lambda: week_svg(Store(data_dir, clock), day),
            "year ics (in-process)": lambda: export_range(Store(data_dir, clock), first, day, "ics"),
        }
        for fn in cases.values():  # warm-up: imports, zoneinfo caches
            fn()
        samples: dict[str, list[float]] = {name: [] for name in cases}
        sizes: dict[str, int] = {}
        for _ in range(runs):
            for name, fn in cases.items():
                elapsed, size = _time_ms(fn)
                samples[name].append(elapsed)
                sizes[name] = size

        env = env_with(SMM_TUI_DATA_DIR=str(data_dir), SMM_TUI_CONFIG=str(Path(tmp) / "config.toml"),
                       SMM_TUI_NOW=f"{end.isoformat()}T09:00:00+01:00", SMM_TUI_NO_SNAPSHOT="1")
        when = ["--date", day.isoformat()]
        cli = interleaved({
            "cli today (baseline)": ([SCRIPT, "today", *when], env),
            "cli export svg": ([SCRIPT, "export", "-f", "svg", *when], env),
            "cli export ics": ([SCRIPT, "export", "-f", "ics", *when], env),
            "cli export week svg": ([SCRIPT, "export", "-f", "svg", "--week", day.isoformat()], env),
            "cli export year ics": ([SCRIPT, "export", "-f", "ics", "--from", first.isoformat(),
                                     "--to", day.isoformat()], env),
        }, max(3, runs // 2), warmup=warmup)

    result = {name: round(median(values), 2) for name, values in samples.items()}
    result.update({name: round(median(values), 1) for name, values in cli.items()})
    baseline = result["cli today (baseline)"]
    result["ratio cli export svg/today"] = round(result["cli export svg"] / baseline, 3)
    result["ratio cli export ics/today"] = round(result["cli export ics"] / baseline, 3)
    result["ratio cli export week svg/today"] = round(result["cli export week svg"] / baseline, 3)
    result["year ics size (kB)"] = round(sizes["year ics (in-process)"] / 1024, 1)
    result["day svg size (kB)"] = round(sizes["day svg (in-process)"] / 1024, 1)
    result["week svg size (kB)"] = round(sizes["week svg (in-process)"] / 1024, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    result = measure(args.runs)
    width = max(map(len, result))
    for name, value in result.items():
        unit = "" if name.startswith(("ratio", "year ics size", "day svg size", "week svg size")) else " ms"
        print(f"{name:<{width}}  {value}{unit}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
