"""The Textual UI. `run_app` is what `smm-tui` (no subcommand) calls, imported lazily."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smm_tui.core.clock import Clock


def run_app(data_dir: Path, config: Path, clock: Clock, day: date | None = None, *,
            headless: bool = False, view: str | None = None) -> int:
    """Run the TUI; the exit status is non-zero when the app died with an exception.

    Textual has exited with status 0 after a crash in some versions, so this
    checks both `return_code` and the exception Textual recorded.
    """
    from smm_tui.ui.startup import paused_collection  # see there: what the first frame costs

    forget_inherited_size()

    with paused_collection():
        from smm_tui.ui.app import SmmApp

        app = SmmApp(data_dir, config, clock, day=day, view=view or "day")
        app.run(headless=headless)
    crashed = app._exception is not None  # noqa: SLF001 - no public accessor for "died with"
    if crashed or (app.return_code or 0) != 0:
        return 70
    return 0


def forget_inherited_size() -> None:
    """Size the app by its terminal, never by COLUMNS / LINES inherited from a parent process.

    Textual asks `shutil.get_terminal_size`, which prefers those variables to
    the terminal itself. They are often stale: GNU readline, loaded by Python
    tools such as pytest, exports the size of *its* terminal to every child -
    so an app started in a 120x40 tmux pane from there drew itself for
    another terminal's size. Larger than the pane, the screen scrolled: no
    header, the detail pane off the edge, only the evening's slots. Smaller,
    it filled a corner. Either way it never followed a resize, since every
    SIGWINCH read the same variables. The app is full-screen and always has a
    terminal (the CLI refuses to start it otherwise), so the terminal's own
    size is the truth.
    """
    if os.environ.get("TEXTUAL_DRIVER") == "textual.drivers.web_driver:WebDriver":
        return  # `smm-tui serve`: textual-serve sets them to the browser's terminal for this process
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
