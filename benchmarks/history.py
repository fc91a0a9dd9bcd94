"""Ten years of history: the index build, `stats` and `search`, and a save with the index kept in step.

Builds 3,650 day files x 40 tasks (benchmarks/synth.py) and measures, as ratios
in one run where a peer exists:

- the cold index build (in process: HistoryIndex.refresh on a data dir without
  an index), and the bytes of day files it reads per second against `cat` of
  the same files (the floor: reading them at all; both with a warm page cache);
- `smm-tui stats` over 10 years against `stats --week` (target <= 3x), over one
  year against `smm-tui today` (target <= 1.15x today + 100 ms), and `search`
  over 10 years against `today` (target <= 2x); interleaved CLI runs, warm index;
- a save with the index updated in the same call (Store.update_day with an
  index present), p95 (target < 20 ms);
- max RSS of `stats` over 10 years (target < 100 MB).

Usage: python benchmarks/history.py [--runs 11] [--days 3650]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import max_rss_mb
from benchmarks.synth import build_year
from benchmarks.timing import env_with, interleaved, median

PY = sys.executable
SCRIPT = str(Path(PY).parent / "smm-tui")


def _nearest_rank(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 60 samples is the 57th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def cold_build(data_dir: Path) -> dict[str, float]:
    """Seconds of a first index build, the bytes it read, and `cat` of the same files."""
    from smm_tui.core.index import HistoryIndex, index_path

    files = sorted((data_dir / "days").glob("*.toml"))
    size = sum(p.stat().st_size for p in files)
    subprocess.run(["cat", *map(str, files)], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
    start = time.perf_counter()
    subprocess.run(["cat", *map(str, files)], stdout=subprocess.DEVNULL, check=True)
    cat_s = time.perf_counter() - start
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index_path(data_dir)}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    index = HistoryIndex(data_dir)
    refreshed = index.refresh()
    index.close()
    build_s = time.perf_counter() - start
    return {"files": len(files), "MB read": round(size / 1e6, 1), "cold build (s)": round(build_s, 2),
            "build MB/s": round(size / 1e6 / build_s, 2), "cat (s)": round(cat_s, 3),
            "cat MB/s": round(size / 1e6 / cat_s, 1), "files parsed": refreshed.read,
            "index MB": round(index_path(data_dir).stat().st_size / 1e6, 1)}


def save_with_index(data_dir: Path, day: date, saves: int) -> dict[str, float]:
    """ms per Store.update_day (toggle one task) with the index present and updated by the save."""
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.store import Store

    clock = FrozenClock(datetime.combine(day, datetime.min.time(), tzinfo=UTC), "Europe/Berlin")
    store = Store(data_dir, clock).open()
    samples = []
    for _ in range(saves):
        start = time.perf_counter()
        store.update_day(day, lambda d: d.toggle("t000", clock.now()))
        samples.append((time.perf_counter() - start) * 1000)
    assert store._index is not None, "the index was not kept in step by the save"  # noqa: SLF001 - the benchmark checks it
    return {"save p50 (ms)": round(median(samples), 2), "save p95 (ms)": round(_nearest_rank(samples, 0.95), 2)}


def measure(runs: int, *, days: int = 3650, end: date | None = None, root: Path | None = None) -> dict[str, float]:
    end = end or date.today()
    with tempfile.TemporaryDirectory(prefix="smm-history-") as tmp:
        data_dir = (root or Path(tmp)) / "ten-years"
        if not (data_dir / "days").is_dir():
            build_year(data_dir, end=end, days=days)
        result: dict[str, float] = dict(cold_build(data_dir))
        first, last = end - timedelta(days=days), end - timedelta(days=1)
        year_first = end - timedelta(days=365)
        env = env_with(SMM_TUI_DATA_DIR=str(data_dir), SMM_TUI_CONFIG=str(Path(tmp) / "config.toml"),
                       SMM_TUI_NOW=datetime.combine(end, datetime.min.time()).replace(hour=12).astimezone().isoformat())
        commands = {
            "today": ([SCRIPT, "today"], env),
            "stats --week": ([SCRIPT, "stats", "--week"], env),
            "stats 1 year": ([SCRIPT, "stats", "--from", year_first.isoformat(), "--to", last.isoformat()], env),
            "stats 10 years": ([SCRIPT, "stats", "--from", first.isoformat(), "--to", last.isoformat()], env),
            "search 10 years": ([SCRIPT, "search", "generated", "--limit", "50"], env),
        }
        samples = interleaved(commands, runs)
        result.update({name: round(median(values), 1) for name, values in samples.items()})
        result["stats 10 years max RSS (MB)"] = round(max_rss_mb(commands["stats 10 years"][0], env), 1)
        result.update(save_with_index(data_dir, last, 60))
    result["ratio stats 10y / week"] = round(result["stats 10 years"] / result["stats --week"], 3)
    result["ratio stats 1y / (today + 100 ms)"] = round(result["stats 1 year"] / (result["today"] + 100), 3)
    result["ratio search 10y / today"] = round(result["search 10 years"] / result["today"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--data", type=Path, help="reuse (or build once into) this folder's ten-years/ data dir")
    args = parser.parse_args()
    if args.data is not None:
        os.makedirs(args.data, exist_ok=True)
    print(json.dumps(measure(args.runs, days=args.days, root=args.data), indent=2))


if __name__ == "__main__":
    main()
