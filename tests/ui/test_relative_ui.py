"""The detail pane words times relative to the clock once the start-up worker has loaded arrow."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smm_tui.core.clock import FrozenClock
from smm_tui.ui.app import SmmApp
from smm_tui.ui.widgets.detail import DetailPane

SIZE = (120, 40)  # wide: the detail pane is beside the timeline


def pane_text(app: SmmApp) -> str:
    return app.day_screen.query_one(DetailPane).render().plain


async def test_the_detail_pane_says_when_the_selected_slot_starts(make_app: Callable[..., SmmApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.day_screen.timeline_view.cursor_id == "blog-0830"  # 08:30, running at 09:10
        assert "running now\n" + " " * 10 + "ends in 20 minutes" in pane_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert "starts in 20 minutes" in pane_text(app)  # the 09:30 meeting


async def test_a_real_start_shows_relative_times_only_after_loading(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    app = SmmApp(data_dir, config_path, clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ready and app.day_screen.humanize is not None
        assert "ends in 20 minutes" in pane_text(app)
