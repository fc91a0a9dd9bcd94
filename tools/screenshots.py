"""Re-make the pictures the README and the docs show: the app, the exported day (card, poster, lanes) and the week.

Run from a clone with the package installed (`.venv/bin/python
tools/screenshots.py`). Both pictures are of the same made-up day: the
built-in routine on Thursday 26 November 2026 in Europe/Berlin, the clock
frozen at 10:40, the morning's slots ticked off or skipped through the real
`smm-tui` commands in a temporary data dir; the week around it has Monday
to Wednesday worked on as well. Nothing of yours is read or written: the
data dir and config path are temporary, and the only files written are
`docs/images/app.svg`, `docs/images/export.svg`, the poster and lanes exports
`docs/images/export-poster.svg` and `docs/images/export-lanes.svg`, and
`docs/images/week.svg`.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from smm_tui.core.clock import FrozenClock
from smm_tui.ui.app import SmmApp

ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 26, 10, 40, tzinfo=ZoneInfo(ZONE))
SIZE = (120, 36)
IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
SMM_TUI = Path(sys.executable).parent / "smm-tui"

EXPORTS = {"card": "export.svg", "poster": "export-poster.svg", "lanes": "export-lanes.svg"}

# What the morning looks like at 10:40: positions as `smm-tui today` numbers them.
DONE = ["1", "2", "3", "4", "6"]
SKIPPED = ["5"]
EARLIER = {"2026-11-23": ["1", "2", "3", "4", "5", "6", "8", "9", "12", "13", "15", "17", "18", "19"],
           "2026-11-24": ["1", "3", "4", "6", "7", "9", "10", "11", "14", "16", "17", "20"],
           "2026-11-25": ["1", "2", "4", "5", "6", "8", "10", "12", "13", "15", "18", "19", "20"]}
"""The days before it in the week: what was ticked off (the rest was missed)."""


def cli(env: dict[str, str], *args: str) -> str:
    """Run the installed smm-tui with the demo's environment; stop on any failure."""
    result = subprocess.run([str(SMM_TUI), *args], env=env, capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        sys.exit(f"smm-tui {' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
    return result.stdout


async def shoot_app(data_dir: Path, config: Path, out: Path) -> None:
    """The app at 120x36 once its validated day is on screen."""
    app = SmmApp(data_dir, config, FrozenClock(NOW, ZONE), cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 30
        while not app.ready:
            if time.monotonic() > deadline:
                sys.exit("the app did not finish loading within 30 s")
            await pilot.pause(0.05)
        await pilot.pause()
        out.write_text(app.export_screenshot(title="smm-tui"), encoding="utf-8")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smm-shots-") as tmp:
        data_dir = Path(tmp) / "data"
        config = Path(tmp) / "config" / "config.toml"
        env = {**os.environ, "TZ": ZONE, "SMM_TUI_DATA_DIR": str(data_dir), "SMM_TUI_CONFIG": str(config),
               "SMM_TUI_NOW": NOW.isoformat()}
        env.pop("SMM_TUI_THEMES_DIR", None)
        cli(env, "today")  # creates the data dir and the routine
        for ref in DONE:
            cli(env, "done", ref)
        for ref in SKIPPED:
            cli(env, "skip", ref)
        for style, name in EXPORTS.items():
            cli(env, "export", "-f", "svg", "--style", style, "-o", str(IMAGES / name), "--force")
        for day, refs in EARLIER.items():
            cli(env, "done", *refs, "--date", day)
        cli(env, "export", "-f", "svg", "--week", "-o", str(IMAGES / "week.svg"), "--force")
        for name in (*EXPORTS.values(), "week.svg"):
            (IMAGES / name).chmod(0o644)  # exports are created 0600; these are for the repository
        os.environ["TZ"] = ZONE
        time.tzset()
        asyncio.run(shoot_app(data_dir, config, IMAGES / "app.svg"))
    for name in ("app.svg", *EXPORTS.values(), "week.svg"):
        print(IMAGES / name)


if __name__ == "__main__":
    main()
