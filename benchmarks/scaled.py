"""The day to scale (`smm-tui --view scale`): first paint vs a blank Textual app, and key to redraw.

First paint is measured as benchmarks/first_paint.py does (tmux 120x40, a
private server, interleaved runs, medians), with the app opened straight
into the scaled view on the last day of a year of history (`--date D --view
scale`: a day file of 40 tasks, whose first title is on the first screen of
both views on a day that is not today), beside the list opened the same way.
The arguments cost the parser, which bare `smm-tui` skips: it is counted
against us. Target: within 1.2x of the blank app.

Key to redraw is measured as benchmarks/keypress.py does (Pilot, CPU time
from the key to the refreshed screen) in the scaled view, for `j` (the
cursor moves: two blocks' rows are redrawn) and `+`/`-` alternately (the day
is laid out again at 10 or 15 minutes a row), on the routine day (20 tasks)
and on a day of 300.

Usage: python benchmarks/scaled.py [--runs 15] [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.first_paint import BLANK_APP, BLANK_TEXT, PY, SCRIPT, Tmux, compile_package
from benchmarks.synth import build_year
from benchmarks.timing import median

DAY = date(2026, 11, 26)
NEEDLE = "Synthetic task 0 "
"""The first task's title in a day of benchmarks/synth.py: at the top of both views on a day that is not today."""


def first_paint(runs: int = 15, *, warmup: int = 2) -> dict[str, float]:
    """Medians (ms) of the blank app, `smm-tui --date D` (the list) and `smm-tui --date D --view scale`."""
    if shutil.which("tmux") is None:
        raise RuntimeError("tmux is needed for this benchmark")
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        end = date.today()
        build_year(data, end=end)
        day = (end - timedelta(days=1)).isoformat()  # the last day of the year of history: a day file
        blank = Path(tmp) / "blank_app.py"
        blank.write_text(BLANK_APP)
        env = {"TERM": os.environ.get("TERM", "xterm-256color"), "PATH": os.environ.get("PATH", ""),
               "HOME": tmp, "SMM_TUI_DATA_DIR": str(data), "SMM_TUI_CONFIG": str(Path(tmp) / "config.toml")}
        if "TZ" in os.environ:
            env["TZ"] = os.environ["TZ"]
        commands = {
            "blank textual app": (f"{PY} {blank}", BLANK_TEXT),
            "smm-tui --date D (list)": (f"{SCRIPT} --date {day}", NEEDLE),
            "smm-tui --date D --view scale": (f"{SCRIPT} --date {day} --view scale", NEEDLE),
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        with Tmux() as tmux:
            for _ in range(warmup):  # writes the snapshot and theme cache, as a first start would
                for command, needle in commands.values():
                    tmux.time_to_text(command, needle, env)
            for _ in range(runs):
                for name, (command, needle) in commands.items():
                    samples[name].append(tmux.time_to_text(command, needle, env))
    result = {name: round(median(values), 1) for name, values in samples.items()}
    scaled, listed, blank_ms = (samples["smm-tui --date D --view scale"], samples["smm-tui --date D (list)"],
                                samples["blank textual app"])
    result["ratio scaled/blank"] = round(median(scaled) / median(blank_ms), 3)
    result["ratio list/blank"] = round(median(listed) / median(blank_ms), 3)
    result["ratio, median of paired rounds"] = round(median([s / b for s, b in zip(scaled, blank_ms, strict=True)]), 3)
    result["runs"] = runs
    return result


async def _sample(tasks: int, keys: tuple[str, ...], presses: int) -> list[float]:
    from smm_tui.config import Settings
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.models import Day, Task
    from smm_tui.core.store import Store
    from smm_tui.ui.app import SmmApp

    with tempfile.TemporaryDirectory() as tmp:
        clock = FrozenClock(datetime(2026, 11, 26, 9, 10, tzinfo=ZoneInfo("Europe/Berlin")), "Europe/Berlin")
        store = Store(Path(tmp) / "data", clock).open()
        if tasks:
            step = max(1, (24 * 60) // tasks)
            made = tuple(
                Task(id=f"t{i:03d}", title=f"Check {i}", minutes=step * 3, kind="monitor",
                     platforms=("x", "linkedin")[i % 2:i % 2 + 1],
                     start=(datetime(2026, 1, 1) + timedelta(minutes=min(i * step, 24 * 60 - 1))).time())
                for i in range(tasks))
            store.save_day(Day(date=DAY, zone="Europe/Berlin", tasks=made))
        app = SmmApp(Path(tmp) / "data", Path(tmp) / "config.toml", clock, store=store, settings=Settings(),
                     cursor_blink=False, view="scale")
        samples = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("g")
            await pilot.pause()
            for index in range(presses):
                # j/k: down 50, up 50 (scrolls too); plus/minus: alternately (10 and 15 minutes a row)
                key = keys[(index // 50) % 2] if keys[0] == "j" else keys[index % 2]
                start = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                samples.append((time.process_time() - start) * 1000)
        return samples


def key_to_redraw(presses: int = 200) -> dict[str, float]:
    """Median and p95 CPU ms from a key to the redrawn scaled view, for j and +/-, at 20 and 300 tasks."""
    result: dict[str, float] = {}
    for label, tasks in (("20 tasks", 0), ("300 tasks", 300)):
        for key_label, keys in (("j", ("j", "k")), ("+", ("plus", "minus"))):
            samples = sorted(asyncio.run(_sample(tasks, keys, presses)))
            result[f"{key_label} {label} median"] = round(statistics.median(samples), 2)
            result[f"{key_label} {label} p95"] = round(samples[int(len(samples) * 0.95) - 1], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    result = {**first_paint(args.runs), **key_to_redraw(args.presses)}
    width = max(map(len, result))
    for name, value in result.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
