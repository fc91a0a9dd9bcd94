"""`smm-tui today` against a year of history vs the bare pydantic import floor.

Target: within 1.15x of `python -c "from pydantic import BaseModel"`,
and independent of the history size. Also reports the cold path (no snapshot:
full pydantic validation) so the cache's effect is visible, and peers (khal,
calcurse) when they are installed.

Usage: python benchmarks/today.py [--runs 21]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build_year
from benchmarks.timing import env_with, interleaved, median

PY = sys.executable
SCRIPT = str(Path(PY).parent / "smm-tui")


def measure(runs: int, *, year: Path | None = None) -> dict[str, float]:
    """Medians (ms) and ratios; `year`: an already built synthetic year ending today (run.py builds one for all)."""
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        year_dir, empty_dir = year or Path(tmp) / "year", Path(tmp) / "empty"
        if year is None:
            build_year(year_dir, end=today)
        config = str(Path(tmp) / "config.toml")
        year_env = env_with(SMM_TUI_DATA_DIR=str(year_dir), SMM_TUI_CONFIG=config)
        empty_env = env_with(SMM_TUI_DATA_DIR=str(empty_dir), SMM_TUI_CONFIG=config)
        cold_env = env_with(SMM_TUI_DATA_DIR=str(year_dir), SMM_TUI_CONFIG=config, SMM_TUI_NO_SNAPSHOT="1")
        commands = {
            "pydantic floor": ([PY, "-c", "from pydantic import BaseModel"], None),
            "today (year)": ([SCRIPT, "today"], year_env),
            "today (empty)": ([SCRIPT, "today"], empty_env),
            "today yesterday (year, has file)": ([SCRIPT, "today", "--date", "yesterday"], year_env),
            "today cold (no snapshot)": ([SCRIPT, "today"], cold_env),
        }
        samples = interleaved(commands, runs)
    result = {name: round(median(values), 1) for name, values in samples.items()}
    floor = result["pydantic floor"]
    result["ratio today/floor"] = round(result["today (year)"] / floor, 3)
    result["ratio today cold/floor"] = round(result["today cold (no snapshot)"] / floor, 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    result = measure(args.runs)
    width = max(map(len, result))
    for name, value in result.items():
        unit = "" if name.startswith("ratio") else " ms"
        print(f"{name:<{width}}  {value}{unit}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
