"""Every view opens with now and the cursor in sight, however late in the day and however small the terminal.

A view scrolled before its first layout is measured against no height: the
list opened at 05:30 at 21:10 on a 24-line terminal, as did the day under
`--view week` and the scaled view that `v` or `p` mounts - now and the
running slot out of sight. The views keep the scrolls they were last asked
for and do them once they have a size, and again at each new size
(ui/widgets/kept_scrolls.py). The clock here says 21:10, the running slot
is "Schedule posts for the night owls" (21:00-22:00), and the terminal is
120x24.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from helpers.pilot import until
from smm_tui.core.clock import FrozenClock
from smm_tui.ui.app import SmmApp
from smm_tui.ui.screens.week import WeekScreen

SIZE = (120, 24)
RUNNING = "night-owls-2100"


@pytest.fixture
def late(clock: FrozenClock) -> FrozenClock:
    now = clock.now()
    clock.set(datetime(now.year, now.month, now.day, 21, 10, tzinfo=now.tzinfo))
    return clock


def list_in_sight(app: SmmApp) -> bool:
    """The list's cursor on the running slot, and both it and the now line on screen."""
    view = app.day_screen.timeline_view
    top, height = round(view.scroll_offset.y), view.scrollable_content_region.height
    now_row = next(i for i, row in enumerate(view.rows) if row.kind == "now")
    cursor_row = view.row_of(RUNNING)
    return (view.cursor_id == RUNNING and height > 0 and cursor_row is not None
            and top <= cursor_row < top + height and top <= now_row < top + height)


def scale_in_sight(app: SmmApp) -> bool:
    """The scaled view's now row and the cursor's block on screen."""
    view = app.day_screen.scale_view
    if view is None or view.layout_ is None or view.layout_.now_row is None or not view.size.height:
        return False
    top, height = round(view.scroll_offset.y), view.size.height - view.header_lines
    first, end = view._rows_of[RUNNING]  # the block's rows, as the view placed them
    return view.cursor_id == RUNNING and top <= view.layout_.now_row < top + height and top <= first < top + height \
        and end - 1 < top + height


async def test_the_list_opens_on_now(late: FrozenClock, make_app: Callable[..., SmmApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.day_screen.query("DayFooter"), "the footer mounted (two lines fewer)")
        await until(pilot, lambda: list_in_sight(app), "now and the running slot in the list")


async def test_the_day_under_the_week_opens_on_now(late: FrozenClock, make_app: Callable[..., SmmApp]) -> None:
    app = make_app(view="week")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WeekScreen), "the week on top")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, WeekScreen), "back to the day")
        await until(pilot, lambda: list_in_sight(app), "now and the running slot in the list")


@pytest.mark.parametrize("key", ["v", "p"])
async def test_the_scaled_view_opens_on_now(late: FrozenClock, make_app: Callable[..., SmmApp], key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: list_in_sight(app), "the list first")
        await pilot.press(key)
        await until(pilot, lambda: scale_in_sight(app), f"{key}: now and the running slot's block in the scaled view")


@pytest.mark.parametrize("view", ["scale", "lanes"])
async def test_a_scaled_start_opens_on_now(late: FrozenClock, make_app: Callable[..., SmmApp], view: str) -> None:
    app = make_app(view=view)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.day_screen.query("DayFooter"), "the footer mounted (two lines fewer)")
        await until(pilot, lambda: scale_in_sight(app), "now and the running slot's block in the scaled view")


async def test_the_list_opens_on_now_once_a_first_start_has_loaded_the_day(late: FrozenClock,
                                                                            make_app: Callable[..., SmmApp]) -> None:
    """The real start: no snapshot yet, the first frame says "Loading…", the loader brings the day."""
    app = make_app(store=None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.ready and app.day_screen.query("DayFooter"), "the day loaded, the footer mounted")
        await until(pilot, lambda: list_in_sight(app), "now and the running slot in the list")
