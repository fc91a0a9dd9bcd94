"""Time to first paint of `smm-tui` in a real terminal vs a blank Textual app.

Both programs run in tmux at 120x40 (a private tmux server, started once and
kept alive so its start-up is not measured). The time is taken from just
before `tmux new-session` until the expected text appears in
`tmux capture-pane -p`, polled in a tight loop: the first slot title of the
day for smm-tui (with a year of synthetic history in its data dir), the text
of the one Static for the blank app. Runs are interleaved so machine noise
hits both alike; medians and their ratio are reported.

Target: smm-tui within 1.2x of the blank app.

`--week` times `smm-tui --view week` instead (the week view's first paint,
same target), with the day view in the same interleaved runs as its peer:
until the grid's day headings show a day's content ("│ routine · 20": today
and the days after it have no file in the synthetic year, so their routine
is shown), i.e. the grid drawn with the days, not only its frame. The seven
days' snapshots are left by `smm-tui today --date D` first, as a week looked
at before would have left them.

smm-tui's own bytecode is compiled before the runs, as pip does at install
time (and a first start does unless PYTHONDONTWRITEBYTECODE is set): Textual's
is, so otherwise every timed start of smm-tui alone would include compiling
its sources, a cost no installed copy pays.

Usage: python benchmarks/first_paint.py [--runs 15] [--cold] [--week]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build_year
from benchmarks.timing import median

PY = sys.executable
SCRIPT = str(Path(PY).parent / "smm-tui")
SIZE = ("120", "40")
FIRST_TITLE = "Wake up: email and overnight mentions"
WEEK_NEEDLE = "│ routine · "
"""A routine day's count in the week grid's headings (the day view never shows it)."""
BLANK_TEXT = "Blank Textual app ready"
BLANK_APP = f"""\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Blank(App):
    def compose(self) -> ComposeResult:
        yield Static({BLANK_TEXT!r})


Blank().run()
"""
TIMEOUT = 20.0


class Tmux:
    """A private tmux server for the benchmark (never the user's sessions)."""

    def __init__(self) -> None:
        self.socket = f"smm-bench-{os.getpid()}"
        self.count = 0

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              check=check, timeout=30)

    def __enter__(self) -> Tmux:
        self("new-session", "-d", "-s", "keepalive", "-x", SIZE[0], "-y", SIZE[1], "sleep 3600")
        return self

    def __exit__(self, *exc: object) -> None:
        self("kill-server", check=False)
        tmpdir = Path(os.environ.get("TMUX_TMPDIR") or "/tmp")
        (tmpdir / f"tmux-{os.getuid()}" / self.socket).unlink(missing_ok=True)  # tmux leaves it behind

    def time_to_text(self, command: str, needle: str, env: dict[str, str]) -> float:
        """Milliseconds from launch until `needle` is on screen."""
        self.count += 1
        name = f"run{self.count}"
        exports = " ".join(f"{k}={shlex_quote(v)}" for k, v in env.items())
        start = time.perf_counter()
        self("new-session", "-d", "-s", name, "-x", SIZE[0], "-y", SIZE[1], f"env {exports} {command}")
        try:
            while True:
                screen = self("capture-pane", "-p", "-t", name, check=False).stdout
                elapsed = (time.perf_counter() - start) * 1000
                if needle in screen:
                    return elapsed
                if elapsed > TIMEOUT * 1000:
                    raise RuntimeError(f"{command!r}: {needle!r} did not appear within {TIMEOUT} s:\n{screen}")
        finally:
            self("kill-session", "-t", name, check=False)


def shlex_quote(value: str) -> str:
    import shlex

    return shlex.quote(value)


def compile_package() -> None:
    """Byte-compile smm_tui like an install does (see the module docstring); best effort."""
    import compileall

    import smm_tui

    compileall.compile_dir(Path(smm_tui.__file__).parent, quiet=2)


def measure(runs: int = 15, *, cold: bool = False, warmup: int = 2, week: bool = False) -> dict[str, float]:
    """Medians (ms) of blank app and smm-tui first paint (of the week with `week`), and their ratio."""
    if shutil.which("tmux") is None:
        raise RuntimeError("tmux is needed for this benchmark")
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        build_year(data, end=date.today())
        blank = Path(tmp) / "blank_app.py"
        blank.write_text(BLANK_APP)
        base = {"TERM": os.environ.get("TERM", "xterm-256color"), "PATH": os.environ.get("PATH", ""),
                "HOME": tmp, "SMM_TUI_DATA_DIR": str(data), "SMM_TUI_CONFIG": str(Path(tmp) / "config.toml")}
        if "TZ" in os.environ:
            base["TZ"] = os.environ["TZ"]
        commands: dict[str, tuple[str, str, dict[str, str]]] = {
            "blank textual app": (f"{PY} {blank}", BLANK_TEXT, base),
            "smm-tui (year of history)": (f"{SCRIPT} --view week", WEEK_NEEDLE, base) if week
            else (SCRIPT, FIRST_TITLE, base),
        }
        if week:
            leave_week_snapshots(base)
            commands["smm-tui day view, same runs"] = (SCRIPT, FIRST_TITLE, base)  # the peer on one machine load
        if cold:
            commands["smm-tui without snapshot"] = (SCRIPT, FIRST_TITLE, {**base, "SMM_TUI_NO_SNAPSHOT": "1"})
        samples: dict[str, list[float]] = {name: [] for name in commands}
        with Tmux() as tmux:
            for _ in range(warmup):  # also writes the snapshot and theme cache, as a first start would
                for command, needle, env in commands.values():
                    tmux.time_to_text(command, needle, env)
            for _ in range(runs):
                for name, (command, needle, env) in commands.items():
                    samples[name].append(tmux.time_to_text(command, needle, env))
    result = {name: round(median(values), 1) for name, values in samples.items()}
    result["ratio smm-tui/blank"] = round(result["smm-tui (year of history)"] / result["blank textual app"], 3)
    # The machine is shared: also the median of per-round ratios, which cancels slow drifts in load.
    paired = [ours / blank for ours, blank in zip(samples["smm-tui (year of history)"], samples["blank textual app"], strict=True)]
    result["ratio, median of paired rounds"] = round(median(paired), 3)
    # And the best case of each (least disturbed by other load): a lower bound for both.
    result["blank textual app, fastest"] = round(min(samples["blank textual app"]), 1)
    result["smm-tui, fastest"] = round(min(samples["smm-tui (year of history)"]), 1)
    result["ratio of fastest runs"] = round(result["smm-tui, fastest"] / result["blank textual app, fastest"], 3)
    if week:
        result["ratio day view/blank, same runs"] = round(
            result["smm-tui day view, same runs"] / result["blank textual app"], 3)
    result["runs"] = runs
    return result


def leave_week_snapshots(env: dict[str, str]) -> None:
    """`smm-tui today --date D` for each day of this week: their snapshots, as an earlier look leaves them."""
    today = date.today()
    monday = today.fromordinal(today.toordinal() - today.weekday())
    for offset in range(7):
        day = monday.fromordinal(monday.toordinal() + offset)
        subprocess.run([SCRIPT, "today", "--date", day.isoformat()], env=env, capture_output=True, check=True,
                       timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold", action="store_true", help="also time a start without the snapshot cache")
    parser.add_argument("--week", action="store_true", help="time `smm-tui --view week` (the week view)")
    args = parser.parse_args()
    result = measure(args.runs, cold=args.cold, week=args.week)
    width = max(map(len, result))
    for name, value in result.items():
        unit = "" if name.startswith(("ratio", "runs")) else " ms"
        print(f"{name:<{width}}  {value}{unit}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
