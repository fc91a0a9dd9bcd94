"""Moving tasks in the app: MoveRequested, `>`, `<`, the `m` dialog; undo and redo across days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

from uihelp import DAY, tasks_on_disk

from smm_tui.ui.app import SmmApp
from smm_tui.ui.messages import MoveRequested

SIZE = (120, 40)
NEXT = DAY + timedelta(days=1)
MakeApp = Callable[..., SmmApp]


async def until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for `condition` with a deadline (never a bare sleep)."""
    import time as clock

    deadline = clock.monotonic() + timeout
    while not condition():
        if clock.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


async def test_move_requested_moves_through_the_store_and_undo_follows(  # type: ignore[no-untyped-def]
    make_app: MakeApp, data_dir: Path, notes
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        app.day_screen.post_message(MoveRequested(("blog-0830",), DAY, NEXT, at=time(10, 30)))
        await until(pilot, lambda: any(m.startswith("Moved") for _, m in seen))
        assert "blog-0830" not in tasks_on_disk(data_dir, DAY)
        arrived = [t for t in tasks_on_disk(data_dir, NEXT).values() if t["slot"] == "blog" and t["start"] == time(10, 30)]
        assert len(arrived) == 1
        assert seen[-1][1] == f"Moved '{arrived[0]['title']}' to Fri 27 Nov 10:30"
        assert app.day == DAY, "the view stays on the day the user was looking at"
        assert "blog-0830" not in app.day_screen.timeline_view.entry_ids
        await pilot.press("u")
        await until(pilot, lambda: "blog-0830" in tasks_on_disk(data_dir, DAY))
        assert app.day == DAY and "blog-0830" in app.day_screen.timeline_view.entry_ids
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "blog-0830" not in tasks_on_disk(data_dir, DAY))
        await until(pilot, lambda: app.day == NEXT)  # redo follows the task to its new day
