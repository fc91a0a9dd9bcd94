"""The Textual UI. `run_app` is what `smm-tui` (no subcommand) calls, imported lazily."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smm_tui.core.clock import Clock


def run_app(data_dir: Path, config: Path, clock: Clock, day: date | None = None, *,
            headless: bool = False) -> int:
    """Run the TUI; the exit status is non-zero when the app died with an exception.

    Textual has exited with status 0 after a crash in some versions, so this
    checks both `return_code` and the exception Textual recorded.
    """
    from smm_tui.ui.startup import paused_collection  # see there: what the first frame costs

    with paused_collection():
        from smm_tui.ui.app import SmmApp

        app = SmmApp(data_dir, config, clock, day=day)
        app.run(headless=headless)
    crashed = app._exception is not None  # noqa: SLF001 - no public accessor for "died with"
    if crashed or (app.return_code or 0) != 0:
        return 70
    return 0
