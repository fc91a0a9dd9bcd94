"""`smm-tui next` (the status-bar line) against `calcurse --next` on the same year of history.

Both programs get the synthetic year of benchmarks/synth.py plus today (and,
for calcurse, tomorrow) planned as 48 half-hour slots, so at any moment of a
real run there is a running or next slot to print: `smm-tui next` on a copy
of the year with today's day file, calcurse on its `apts` file of the same
events (14,600 + 96). Both use the real clock, as a status bar does. The
interpreter's own start (`python -c pass`, the same Python and site-packages
as the `smm-tui` script) is measured in the same interleaved runs: it is the
floor no Python command can go under.

Two installs of smm-tui are timed side by side: the benchmark's own venv
(the test install, which has the `[sync]` extra and with it urllib3-future's
`.pth` file, run at every interpreter start), and a *base install* - `pip
install -e .` without extras, what a user who does not sync has - built once
in the scratch dir by `base_install`. When that cannot be built (no package
index), the row says why and only the test venv is timed. The base install is
timed twice: with `$SMM_TUI_DATA_DIR` / `$SMM_TUI_CONFIG` set, and without
them (`BASE_XDG`), as a status bar usually runs it, finding the same data dir
under `$HOME/.local/share/smm-tui` by the XDG rule.

Usage (alone): python benchmarks/next_line.py [RUNS]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import interleaved, median

SLOTS = 48
ROOT = Path(__file__).resolve().parent.parent
BASE = "smm-tui next (base install)"
BASE_PASS = "python -c pass (base install)"
BASE_XDG = "smm-tui next (base install, XDG folders)"


def base_install(scratch: Path) -> tuple[str | None, str]:
    """`pip install -e ROOT` without extras in a fresh venv under `scratch`: (its smm-tui script, "") or (None, why)."""
    venv = scratch / "base-venv"
    python = venv / "bin" / "python"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, check=True, timeout=300)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(ROOT)], capture_output=True, check=True,
                       timeout=600)
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] if getattr(exc, "stderr", None) else []
        return None, f"base install could not be built ({type(exc).__name__}{': ' + detail[0] if detail else ''})"
    has_caldav = "import importlib.util, sys; sys.exit(importlib.util.find_spec('caldav') is not None)"
    probe = subprocess.run([str(python), "-c", has_caldav], capture_output=True, timeout=60)
    if probe.returncode != 0:
        return None, "base install has caldav (a base dependency again?): not a base install"
    return str(venv / "bin" / "smm-tui"), ""


def _today_slots(day: date) -> list[tuple[date, time, int, str]]:
    return [(day, time(i // 2, 30 * (i % 2)), 30, f"Status bar slot {i} of {day.isoformat()}") for i in range(SLOTS)]


def write_today(data_dir: Path, day: date, zone: str) -> None:
    """Today's day file with the 48 open slots, through the real store."""
    from zoneinfo import ZoneInfo

    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.models import Day, Task
    from smm_tui.core.store import Store

    clock = FrozenClock(datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(zone)), zone)
    tasks = tuple(Task(id=f"s{i:02d}", title=title, start=start, minutes=minutes, kind="monitor")
                  for i, (_, start, minutes, title) in enumerate(_today_slots(day)))
    Store(data_dir, clock).open().save_day(Day(date=day, zone=zone, tasks=tasks))


def measure(runs: int, *, year: Path, end: date, scratch: Path, zone: str, script: str,
            history: Callable[[Path, date], list[tuple[date, time, int, str]]],
            calcurse_setup: Callable[[Path, list[tuple[date, time, int, str]]], Path],
            base_script: str | None = None) -> dict[str, object]:
    """Medians (ms) of `smm-tui next`, `calcurse --next` (None when not installed) and `python -c pass`,
    and of both in the base install when `base_script` (`base_install`'s) is given."""
    import os

    from benchmarks.first_paint import compile_package

    compile_package()  # byte-compiled as an install leaves it (PYTHONDONTWRITEBYTECODE would hide that cost)
    data_dir = scratch / "next-year"
    shutil.copytree(year, data_dir)
    write_today(data_dir, end, zone)
    env = dict(os.environ, SMM_TUI_DATA_DIR=str(data_dir), SMM_TUI_CONFIG=str(scratch / "config.toml"), TZ=zone,
               HOME=str(scratch))
    env.pop("SMM_TUI_NOW", None)
    python = str(Path(script).parent / "python")
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "smm-tui next": ([script, "next"], env),
        "python -c pass": ([python, "-c", "pass"], env),
    }
    if base_script is not None:
        commands[BASE] = ([base_script, "next"], env)
        commands[BASE_PASS] = ([str(Path(base_script).parent / "python"), "-c", "pass"], env)
        share = scratch / ".local" / "share"  # $HOME is the scratch dir: the XDG default data dir is here
        share.mkdir(parents=True, exist_ok=True)
        (share / "smm-tui").symlink_to(data_dir, target_is_directory=True)
        xdg_env = {k: v for k, v in env.items() if k not in {"SMM_TUI_DATA_DIR", "SMM_TUI_CONFIG", "XDG_DATA_HOME",
                                                              "XDG_CONFIG_HOME"}}
        commands[BASE_XDG] = ([base_script, "next"], xdg_env)
    calcurse = shutil.which("calcurse")
    if calcurse:
        events = history(year, end) + _today_slots(end) + _today_slots(end + timedelta(days=1))
        folder = calcurse_setup(scratch / "calcurse-next", events)
        commands["calcurse --next"] = ([calcurse, "-D", str(folder), "-C", str(folder), "--next"], env)
    shown = {}
    for name, (argv, cmd_env) in commands.items():  # each really prints a slot (and warms the snapshot)
        out = subprocess.run(argv, env=cmd_env, capture_output=True, text=True, check=True, timeout=600).stdout
        shown[name] = out.strip()
        if not name.startswith("python -c pass") and "Status bar slot" not in out:
            raise RuntimeError(f"{name} printed no slot: {out[:300]!r}")
    samples = interleaved(commands, runs)
    result: dict[str, object] = {name: round(median(values), 1) for name, values in samples.items()}
    result.setdefault("calcurse --next", None)
    result.setdefault(BASE, None)
    result.setdefault(BASE_PASS, None)
    result.setdefault(BASE_XDG, None)
    result["printed"] = shown
    return result


def main() -> None:
    from benchmarks.run import SCRIPT, ZONE, _calcurse_setup, _peer_events
    from benchmarks.synth import build_year

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with tempfile.TemporaryDirectory(prefix="smm-bench-next-") as tmp:
        from zoneinfo import ZoneInfo

        end = datetime.now(ZoneInfo(ZONE)).date()
        build_year(Path(tmp) / "year", end=end, zone=ZONE)
        base, why = base_install(Path(tmp))
        if why:
            print(why)
        print(measure(runs, year=Path(tmp) / "year", end=end, scratch=Path(tmp), zone=ZONE, script=SCRIPT,
                      history=_peer_events, calcurse_setup=_calcurse_setup, base_script=base))


if __name__ == "__main__":
    main()
