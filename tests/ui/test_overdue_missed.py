"""A past day's open slots are "missed" ([-], muted), today's past open slots "overdue" ([!], red).

A day never opened used to show every slot as `[!]` (yesterday: twenty red
marks), as if it could still be done. The frozen clock says Thursday
2026-11-26 09:10.
"""

from __future__ import annotations

from collections.abc import Callable

from helpers.pilot import timeline_text
from smm_tui.ui.app import SmmApp
from smm_tui.ui.widgets.detail import DetailPane

SIZE = (120, 40)
MakeApp = Callable[..., SmmApp]


def mark_of(app: SmmApp, title: str) -> str:
    line = next(line for line in timeline_text(app).splitlines() if title in line)
    return line[7:10]  # "▶09:30 [ ] ◆ ...": pointer, time, then the mark


async def test_yesterday_is_missed_today_is_overdue(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert mark_of(app, "Scan news feeds") == "[!]", "today, over and open: overdue"
        assert mark_of(app, "Follow up with sales") == "[ ]", "today, still to come: open"
        await pilot.press("[")
        await pilot.pause()
        assert app.day.isoformat() == "2026-11-25"
        text = timeline_text(app)
        assert "[!]" not in text, "nothing on a day that is over is an alarm"
        assert mark_of(app, "Scan news feeds") == "[-]"
        assert mark_of(app, "Last look at feeds") == "[-]"
        view = app.day_screen.timeline_view
        row = view.row_of("news-0600")
        assert row is not None
        line = view.render_line(row - round(view.scroll_offset.y))
        mark = next(segment for segment in line if segment.text == "[-]")
        alert = view.get_component_rich_style("timeline--alert")
        assert mark.style is not None and mark.style.color != alert.color, "a distinct colour too"
        view.select("news-0600")
        await pilot.pause()
        detail = str(app.day_screen.query_one(DetailPane).render())
        assert "missed" in detail and "overdue" not in detail
        await pilot.press("/", *"status:missed", "enter")
        await pilot.pause()
        assert len(view.entry_ids) == 20, "every open slot of yesterday is missed"
