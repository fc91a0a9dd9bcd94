"""The scaled view and lanes in the app: v, + and -, f, p, one cursor for both views (Pilot)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from helpers.ondisk import DAY, status_on_disk
from helpers.pilot import until
from smm_tui.core.models import Task
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.widgets.scale_view import ScaleView
from smm_tui.ui.widgets.timeline import TimelineView

SIZE = (120, 40)


def scale_text(app: SmmApp) -> str:
    view = app.day_screen.scale_view
    assert view is not None
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def status(app: SmmApp) -> str:
    found = app.day_screen.query("StatusLine")
    return found.first().message if found else ""  # type: ignore[attr-defined, no-any-return]


async def test_v_toggles_list_and_scale_keeping_the_cursor(make_app: Callable[..., SmmApp], data_dir: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.day_screen
        before = screen.timeline_view.cursor_id
        assert screen.scale_view is None  # not mounted until first used
        await pilot.press("v")
        await until(pilot, lambda: screen.scaled and screen.scale_view is not None, "the scaled view")
        view = screen.scale_view
        assert view is not None and view.display and not screen.timeline_view.display
        assert view.cursor_id == before and app.focused is view
        text = scale_text(app)
        assert "09:10" in text  # the now row shows the exact time
        assert "MORNING" in text or "Morning" in text
        await pilot.press("j")
        await until(pilot, lambda: view.cursor_id != before, "j moves the one cursor")
        assert view.cursor_id == screen.timeline_view.cursor_id
        moved = view.cursor_id
        await pilot.press("space")
        assert moved is not None
        await until(pilot, lambda: status_on_disk(data_dir, moved) == "done", "space ticks the task in the file")
        await pilot.press("v")
        await until(pilot, lambda: not screen.scaled, "back to the list")
        assert screen.timeline_view.display and screen.timeline_view.cursor_id == moved


async def test_plus_and_minus_step_through_the_steps(make_app: Callable[..., SmmApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")  # from the list: into the scaled view, one step finer
        screen = app.day_screen
        await until(pilot, lambda: screen.scale_view is not None and screen.scale_view.step == 10, "10 minutes")
        view = screen.scale_view
        assert view is not None and view.layout_ is not None
        rows_at_10 = len(view.layout_.rows)
        for _ in range(3):
            await pilot.press("plus")
        await until(pilot, lambda: view.step == 5, "5 is the finest")
        for key, step in (("minus", 10), ("minus", 15), ("minus", 30), ("minus", 60), ("minus", 60)):
            await pilot.press(key)
            await until(pilot, lambda step=step: view.step == step, f"{step} minutes")  # type: ignore[misc]
        assert view.layout_ is not None and len(view.layout_.rows) * 6 == rows_at_10
        assert "60 minutes a row" in status(app)


async def test_f_jumps_to_the_next_free_gap_in_the_list(store: Store, make_app: Callable[..., SmmApp]) -> None:
    # 09:10 on the reference day: 09:30 leads and 10:00 monitor (30 min each), then lunch at 12:00
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.day_screen
        await pilot.press("f")
        await until(pilot, lambda: "free from" in status(app), "the status line names the gap")
        assert status(app) == "1 h 30 min free from 10:30"
        assert screen.timeline_view.selected is not None and screen.timeline_view.selected.start == time(12, 0)
        await pilot.press("f")  # again: the gap after that one
        await until(pilot, lambda: status(app) != "1 h 30 min free from 10:30", "the next gap")
        selected = screen.timeline_view.selected
        assert selected is not None and selected.start > time(12, 0)


async def test_f_says_when_no_gap_is_left(store: Store, make_app: Callable[..., SmmApp]) -> None:
    store.update_day(DAY, lambda d: d.with_task(Task(id="all", title="All day", start=time(9, 0), minutes=15 * 60)))
    app = make_app(day=DAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await until(pilot, lambda: "No free gap" in status(app), "no gap")
        assert status(app) == "No free gap of 30 min left on this day."


async def test_p_shows_platform_lanes(store: Store, make_app: Callable[..., SmmApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        screen = app.day_screen
        await until(pilot, lambda: screen.scale_view is not None and screen.scale_view.lanes, "lanes")
        view = screen.scale_view
        assert view is not None and view.layout_ is not None
        keys = [lane.key for lane in view.layout_.lanes]
        used = {p for e in app.day_screen.timeline.entries for p in e.platforms}  # type: ignore[union-attr]
        assert set(keys) - {""} == used
        header = view.render_line(0).text
        assert header.split()[:2] == ["Email", "X"]  # platform labels, in order of first use
        await pilot.press("p")
        await until(pilot, lambda: not view.lanes, "lanes off, still to scale")
        assert screen.scaled


async def test_click_on_a_block_moves_the_cursor(make_app: Callable[..., SmmApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        screen = app.day_screen
        await until(pilot, lambda: screen.scale_view is not None and screen.scale_view.layout_ is not None, "view")
        view = screen.scale_view
        assert view is not None and view.layout_ is not None
        top = round(view.scroll_offset.y)
        block = next(b for b in view.layout_.blocks if b.row >= top and b.entry.id != view.cursor_id)
        await pilot.click(ScaleView, offset=(10, block.row - top))
        await until(pilot, lambda: screen.timeline_view.cursor_id == block.entry.id, "clicked block selected")


async def test_starts_in_the_scaled_view(make_app: Callable[..., SmmApp]) -> None:
    app = make_app(view="lanes")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.day_screen
        await until(pilot, lambda: screen.scale_view is not None and screen.scale_view.layout_ is not None, "laid out")
        assert screen.scaled and screen.scale_view is not None and screen.scale_view.lanes
        # Only the view shown takes the focus (the hidden list styled for it cost the first frame).
        view = screen.scale_view
        await until(pilot, lambda: screen.focused is view, "the scaled view focused once settled")
        assert not screen.timeline_view.can_focus
        # The list (mounted once the first frame is drawn) is hidden and the scaled view has the room.
        assert screen.query_one("#timeline") is screen.timeline_view
        assert screen.timeline_view.styles.display == "none" and screen.timeline_view.region.width == 0
        assert screen.scale_view.region.height > 20
        first = view.cursor_id
        await pilot.press("j")
        await until(pilot, lambda: view.cursor_id == screen.timeline_view.cursor_id != first, "j: the one cursor")
        await pilot.press("v")
        await until(pilot, lambda: screen.focused is screen.timeline_view, "v: the list has the focus")
        assert screen.timeline_view.can_focus and not view.can_focus
        # The list mounted late draws the day, its cursor on the task the scaled view's was on.
        listed = screen.timeline_view
        await until(pilot, lambda: listed.region.width > 0, "the list laid out")
        selected = listed.selected
        assert selected is not None and selected.id == view.cursor_id
        row = listed.row_of(selected.id)
        assert row is not None and selected.title in listed.render_line(row - round(listed.scroll_offset.y)).text
        await pilot.press("v")
        await until(pilot, lambda: screen.focused is view, "v again: the scaled view has it")
        assert view.can_focus and not screen.timeline_view.can_focus


async def test_300_tasks_lay_out_and_move(store: Store, make_app: Callable[..., SmmApp]) -> None:
    other = date(2026, 11, 27)
    tasks = tuple(Task(id=f"t{n}", title=f"Task {n}", start=time(n * 4 // 60 % 24, n * 4 % 60), minutes=20,
                       platforms=("x",) if n % 2 else ("linkedin",)) for n in range(300))
    store.update_day(other, lambda d: d.model_copy(update={"tasks": tasks}))
    app = make_app(day=other, view="scale")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.day_screen
        await until(pilot, lambda: screen.scale_view is not None and screen.scale_view.layout_ is not None
                    and len(screen.scale_view.layout_.blocks) == 300, "300 blocks")
        view = screen.scale_view
        assert view is not None
        for _ in range(5):
            await pilot.press("j")
        await until(pilot, lambda: view.cursor_id == "t5", "j five times")
        await pilot.press("G")
        await until(pilot, lambda: view.cursor_id == "t299", "G: the last one")
        await pilot.pause()
        assert "19:45" in scale_text(app)  # scrolled to the last one (19:56)


def test_paint_keeps_the_width_with_wide_and_combining_characters() -> None:
    from rich.style import Style

    from smm_tui.ui.widgets.painter import paint

    plain, bold = Style(), Style(bold=True)
    strip = paint([(0, "漢字abc", plain), (1, "x", bold), (6, "e\u0301!", plain)], 8, plain)
    assert strip.cell_length == 8
    assert strip.text == " x字ab" + "e\u0301!"  # the half-covered 漢 is blanked; the accent stays on its e
    assert paint([(0, "────", plain), (2, "漢", bold), (3, "z", plain)], 4, plain).text == "── z"


async def test_pagedown_and_pageup_move_a_screen_of_rows(make_app: Callable[..., SmmApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "g")
        screen = app.day_screen
        await until(pilot, lambda: screen.scale_view is not None and screen.timeline_view.cursor_id == "wake-0530",
                    "the first slot")
        await pilot.press("pagedown")
        await until(pilot, lambda: screen.timeline_view.cursor_id != "wake-0530", "a page down")
        selected = screen.timeline_view.selected
        assert selected is not None and time(11, 0) <= selected.start <= time(14, 0)  # ~30 rows of 15 min on
        await pilot.press("pageup")
        await until(pilot, lambda: screen.timeline_view.cursor_id == "wake-0530", "back up")


def test_the_scaled_view_has_no_more_component_classes_than_the_list() -> None:
    """Textual matches each against the stylesheet on every style update of the widget (twice before the
    first frame): the now line is drawn in the alert style and a gap label muted in italics, as in the list."""
    assert len(ScaleView.COMPONENT_CLASSES) <= len(TimelineView.COMPONENT_CLASSES)
    assert {"scale--now", "scale--gap"}.isdisjoint(ScaleView.COMPONENT_CLASSES)

