"""What the bare `smm-tui` command imports before its first frame (benchmarks/first_paint.py).

The first paint must stay within 1.2x of a blank Textual app, so everything not
needed to draw the day from its snapshot is imported later (validation, the
store, reminders, exports) or only when used (argument parsing, zoneinfo).
These tests run the real entry point (`smm_tui.cli.main` without arguments)
in a fresh interpreter, up to the moment the app's loader would start - right
after the first frame - and list the modules loaded by then.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Runs in a fresh interpreter: the real bare-command path, headless, stopped just after the
# first frame (where the app starts its loader, startup.start_loader); prints what was imported and whether the day
# came from its snapshot.
PROBE = """
import json, sys
import textual.app
from smm_tui.ui import startup
from smm_tui.ui.app import SmmApp

sys.stdin.isatty = sys.stdout.isatty = lambda: True  # cmd_tui wants a terminal on both ends
run = textual.app.App.run
SmmApp.run = lambda self, **kw: run(self, headless=True, size=(120, 40))

drawn = {}  # filled by a hook the scaled probe adds (SCALED_HOOK)
from textual.theme import Theme
colours = []  # each generation of a theme's colour system (CSS variables)
to_color_system = Theme.to_color_system
Theme.to_color_system = lambda self: colours.append(self.name) or to_color_system(self)

def first_frame(app):
    report = {"modules": sorted(sys.modules), "from_snapshot": app.first_timeline is not None,
              "day": app.day.isoformat(), "colour_systems": colours, **drawn}
    app.exit()
    sys.__stdout__.write("PROBE " + json.dumps(report) + "\\n")

startup.start_loader = first_frame
from smm_tui.cli import main
raise SystemExit(main([]))
"""

# Imported only after the first frame, or only by the commands that need them.
LATER = (
    "pydantic", "smm_tui.config", "smm_tui.core.models", "smm_tui.core.store", "smm_tui.themes.spec",
    "smm_tui.core.errors", "smm_tui.reminders.engine", "smm_tui.reminders.service", "smm_tui.ui.reminder_desk",
    "smm_tui.core.export", "smm_tui.core.history", "smm_tui.core.changes", "smm_tui.core.relative",
    "icalendar", "arrow", "tzlocal", "filelock",
    "argparse", "zoneinfo", "tomllib", "hashlib", "smm_tui.ui.widgets.filter_bar",
    "smm_tui.ui.screens.week", "smm_tui.ui.widgets.week_grid", "smm_tui.ui.widgets.week_rows",
    "smm_tui.ui.widgets.scale_view", "smm_tui.core.scale", "smm_tui.core.gaps",
    "sqlite3", "smm_tui.ui.history_source", "smm_tui.ui.screens.stats", "smm_tui.ui.screens.search",
    "smm_tui.ui.widgets.stats_charts", "importlib.resources", "zipfile",
    "smm_tui.ui.week_view", "smm_tui.core.weeks", "smm_tui.ui.exporting",
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SMM_TUI_NOW", None)  # the system clock, as a real start (the frozen one needs zoneinfo)
    return env


def _probe(script: str = PROBE) -> dict[str, object]:
    probe = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_env(),
                           timeout=60)
    lines = [line for line in probe.stdout.splitlines() if line.startswith("PROBE ")]
    assert probe.returncode == 0 and lines, probe.stderr[-2000:]
    return json.loads(lines[-1][len("PROBE "):])  # type: ignore[no-any-return]


def _first_frame() -> dict[str, object]:
    # `today` leaves the day's snapshot and a first start the theme cache, as earlier runs would.
    today = subprocess.run([sys.executable, "-m", "smm_tui", "today", "--json"], capture_output=True,
                           text=True, env=_env(), timeout=60, check=True)
    _probe()
    report = _probe()
    report["today"] = json.loads(today.stdout)["date"]
    return report


def test_the_first_frame_is_drawn_from_caches_without_later_modules(isolated_env: Path) -> None:
    report = _first_frame()
    if report["day"] != report["today"]:  # midnight passed between the two processes
        report = _first_frame()
    assert report["from_snapshot"], "the first frame comes from the snapshot an earlier run left"
    # Its theme's variables are generated once; App.__init__'s for its default theme are skipped (item 3).
    assert report["colour_systems"] == ["hectic"], report["colour_systems"]
    modules = set(report["modules"])  # type: ignore[arg-type]
    assert {"smm_tui.ui.app", "smm_tui.core.timeline", "textual.app"} <= modules
    loaded = sorted(m for m in LATER if m in modules)
    assert not loaded, f"imported before the first frame: {loaded}"


# `smm-tui --view week` up to the week's first frame (the refresh after it shows its seven days): what was
# imported, how often each day's snapshot was read and how often the snapshot key scanned the package.
WEEK_PROBE = """
import json, os, sys
from pathlib import Path
import textual.app
from smm_tui.core import snapshot
from smm_tui.ui import week_view

sys.stdin.isatty = sys.stdout.isatty = lambda: True
run = textual.app.App.run
textual.app.App.run = lambda self, **kw: run(self, headless=True, size=(120, 40))
reads, scans, probed = [], [], []
load, scandir, show = snapshot.load, os.scandir, week_view.WeekView.show
core = Path(snapshot.__file__).parent

def counted_load(data_dir, day, key):
    reads.append(day.isoformat())
    return load(data_dir, day, key)

def counted_scandir(path="."):
    if Path(path) == core:
        scans.append(path)
    return scandir(path)

def first_frame(view):
    report = {"modules": sorted(sys.modules), "reads": reads, "fingerprints": len(scans),
              "columns": [c.timeline is not None for c in view.screen.grid.columns]}
    view.host.exit()
    sys.__stdout__.write("PROBE " + json.dumps(report) + "\\n")

def probed_show(self, day=None):
    show(self, day)
    if self.screen is not None and self.screen.composed and not probed:
        probed.append(True)
        self.screen.call_after_refresh(first_frame, self)

snapshot.load, os.scandir, week_view.WeekView.show = counted_load, counted_scandir, probed_show
from smm_tui.cli import main
raise SystemExit(main(["--view", "week"]))
"""

WEEK_LATER = (*(m for m in LATER if not m.startswith(("smm_tui.ui.screens.week", "smm_tui.ui.widgets.week",
                                                     "smm_tui.ui.week_view", "smm_tui.core.weeks"))),
              "smm_tui.ui.widgets.status_line", "textual.widgets._footer")
"""The week's own modules draw its first frame; its status line and footer come after it."""


def test_the_week_first_frame_reads_each_snapshot_once_without_later_modules(isolated_env: Path) -> None:
    from smm_tui.cli.clock import clock_from_environment
    from smm_tui.core.clock import today
    from smm_tui.core.weeks import week_of

    days = [day.isoformat() for day in week_of(today(clock_from_environment()), "monday")]
    for day in days:  # their snapshots, as an earlier look at the week leaves them
        subprocess.run([sys.executable, "-m", "smm_tui", "today", "--date", day], capture_output=True,
                       env=_env(), timeout=60, check=True)
    _probe()  # a first start writes the theme cache
    report = _probe(WEEK_PROBE)
    assert report["columns"] == [True] * 7, "every day of the week comes from its snapshot"
    assert sorted(report["reads"]) == days, "each day's snapshot is read once (the day screen's day too)"
    assert report["fingerprints"] == 1, "the snapshot key's code fingerprint is taken once"
    loaded = sorted(m for m in WEEK_LATER if m in report["modules"])
    assert not loaded, f"imported before the week's first frame: {loaded}"


# Added to PROBE for a scaled start: whether the list was mounted when the scaled view drew its first line.
SCALED_HOOK = """
from smm_tui.ui.widgets.scale_view import ScaleView
render_line = ScaleView.render_line

def first_draw(self, y):
    drawn.setdefault("list_mounted", self.screen.timeline_view.is_attached)
    return render_line(self, y)

ScaleView.render_line = first_draw
from smm_tui.cli import main
"""

SCALE_LATER = tuple(m for m in LATER if m not in (
    "smm_tui.ui.widgets.scale_view", "smm_tui.core.scale", "smm_tui.core.gaps"))
"""The scaled view's own modules draw its first frame; zoneinfo stays out (the day's steady UTC offset,
`Timeline.wall_zone`), as do the rest of LATER."""


def test_the_scaled_first_frame_needs_no_zone_database_and_no_list(isolated_env: Path) -> None:
    day = "2026-11-26"  # a fixed day with no clock change near it (today might have one: then zoneinfo is right)
    subprocess.run([sys.executable, "-m", "smm_tui", "today", "--date", day], capture_output=True, env=_env(),
                   timeout=60, check=True)  # its snapshot, as an earlier look at the day leaves it
    _probe()  # a first start writes the theme cache
    script = PROBE.replace("main([])", f'main(["--date", "{day}", "--view", "scale"])')
    report = _probe(script.replace("from smm_tui.cli import main\n", SCALED_HOOK))
    assert report["from_snapshot"] and report["day"] == day
    assert report["list_mounted"] is False, "the hidden list is mounted after the first frame (ui/startup.py, 13)"
    modules = set(report["modules"])
    assert {"smm_tui.ui.widgets.scale_view", "smm_tui.core.scale"} <= modules, "the scaled view drew it"
    loaded = sorted(m for m in SCALE_LATER if m in modules)
    assert not loaded, f"imported before the scaled view's first frame: {loaded}"
