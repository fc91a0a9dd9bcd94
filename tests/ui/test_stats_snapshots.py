"""SVG snapshots of the statistics screen at 120x40 and 80x24: frozen clock, a small fixed history.

Update after a deliberate change with
`pytest tests/ui/test_stats_snapshots.py --snapshot-update` and look at the report first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pytest

from smm_tui.config import Settings
from smm_tui.ui.app import SmmApp
from smm_tui.ui.screens.stats import StatsScreen


async def open_stats(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("S")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        screen = pilot.app.screen
        if isinstance(screen, StatsScreen) and not screen.loading and screen.view is not None:
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the statistics screen never filled in")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_statistics_screen(snap_compare: Callable[..., bool], make_app: Callable[..., SmmApp], history: list[date],
                           size: tuple[int, int]) -> None:
    app = make_app(settings=Settings(theme="hectic"))
    assert snap_compare(app, run_before=open_stats, terminal_size=size)
