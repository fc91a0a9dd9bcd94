"""Moving tasks in the app: MoveRequested, `>`, `<`, the `m` dialog; undo and redo across days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from helpers.ondisk import DAY, tasks_on_disk
from helpers.pilot import until
from smm_tui.ui.app import SmmApp
from smm_tui.ui.messages import MoveRequested
from smm_tui.ui.screens.move import MoveDialog

SIZE = (120, 40)
NEXT = DAY + timedelta(days=1)
MakeApp = Callable[..., SmmApp]


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


async def select(pilot, app: SmmApp, task_id: str) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: app.ready and task_id in app.day_screen.timeline_view.entry_ids)
    app.day_screen.timeline_view.select(task_id)
    await pilot.pause()


def moved(data_dir: Path, day: date, slot: str) -> list[dict[str, object]]:
    return [t for t in tasks_on_disk(data_dir, day).values() if t.get("slot") == slot]


async def test_greater_than_postpones_the_selected_task_to_the_next_day(  # type: ignore[no-untyped-def]
    make_app: MakeApp, data_dir: Path, notes
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await select(pilot, app, "blog-0830")
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: "blog-0830" not in tasks_on_disk(data_dir, DAY))
        assert len(moved(data_dir, NEXT, "blog")) == 2, "the routine's own occurrence and the moved one"
        assert seen[-1][1].endswith("to Fri 27 Nov") and app.day == DAY


async def test_less_than_pulls_a_task_to_today_and_says_so_on_today(  # type: ignore[no-untyped-def]
    make_app: MakeApp, data_dir: Path, notes
) -> None:
    app = make_app(day=NEXT + timedelta(days=1))
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await select(pilot, app, "blog-0830")
        await pilot.press("less_than_sign")
        await until(pilot, lambda: len(moved(data_dir, DAY, "blog")) == 2)
        assert "blog-0830" not in tasks_on_disk(data_dir, NEXT + timedelta(days=1))
        assert seen[-1][1].endswith("to Thu 26 Nov")
        await pilot.press("t")
        await until(pilot, lambda: app.day == DAY)
        await pilot.press("less_than_sign")
        await until(pilot, lambda: any("Already on today" in m for _, m in seen))


@pytest.mark.parametrize(("typed", "day", "start"), [
    ("2026-12-02", date(2026, 12, 2), time(8, 30)),
    ("+2", date(2026, 11, 28), time(8, 30)),
    ("mon", date(2026, 11, 30), time(8, 30)),
    ("tomorrow", NEXT, time(8, 30)),
    ("11:15", DAY, time(11, 15)),
    ("fri 16:00", NEXT, time(16, 0)),
])
async def test_m_moves_to_what_was_typed(  # type: ignore[no-untyped-def]
    make_app: MakeApp, data_dir: Path, typed: str, day: date, start: time
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "blog-0830")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MoveDialog))
        await pilot.press(*typed, "enter")
        await until(pilot, lambda: app.screen is app.day_screen)
        if day == DAY:
            await until(pilot, lambda: tasks_on_disk(data_dir, DAY).get("blog-0830", {}).get("start") == start)
        else:
            await until(pilot, lambda: "blog-0830" not in tasks_on_disk(data_dir, DAY))
            assert any(t["start"] == start for t in moved(data_dir, day, "blog"))
        assert app.day == DAY


async def test_m_says_what_is_wrong_in_one_line_and_stays_open(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "blog-0830")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MoveDialog))
        await pilot.press(*"next week", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#move-error", Static).render())
        assert "expected a date" in error and "\n" not in error
        assert isinstance(app.screen, MoveDialog)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.day_screen)
    assert tasks_on_disk(data_dir, DAY) == {} and tasks_on_disk(data_dir, NEXT) == {}, "nothing was saved"


def overlaps(data_dir: Path, day: date, task: dict[str, object]) -> list[str]:
    """Ids of the other non-skipped tasks of `day` whose time overlaps `task`'s."""
    def span(t: dict[str, object]) -> tuple[int, int]:
        start = t["start"]
        assert isinstance(start, time)
        minutes = start.hour * 60 + start.minute
        return minutes, minutes + int(t["minutes"])  # type: ignore[call-overload]

    begins, ends = span(task)
    return [t["id"] for t in tasks_on_disk(data_dir, day).values()  # type: ignore[misc]
            if t["id"] != task["id"] and t["status"] != "skipped" and span(t)[1] > span(t)[0]
            and span(t)[0] < ends and begins < span(t)[1]]


async def test_m_next_free_slot_on_another_day_starts_in_a_gap_from_the_tasks_time(make_app: MakeApp,
                                                                                   data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "blog-0830")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MoveDialog))
        await pilot.press(*"tomorrow free", "enter")
        await until(pilot, lambda: "blog-0830" not in tasks_on_disk(data_dir, DAY))
        arrived = [t for t in moved(data_dir, NEXT, "blog") if t["id"] != "blog-0830"]
        assert len(arrived) == 1
        assert arrived[0]["start"] >= time(8, 30)  # type: ignore[operator]
        assert overlaps(data_dir, NEXT, arrived[0]) == []


async def test_the_next_free_slot_button_retimes_today_from_now(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "blog-0830")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MoveDialog))
        await pilot.click("#move-free")
        await until(pilot, lambda: tasks_on_disk(data_dir, DAY).get("blog-0830", {}).get("start", time(8, 30))
                    != time(8, 30))
        task = tasks_on_disk(data_dir, DAY)["blog-0830"]
        assert task["start"] >= time(9, 10), "from now on (the frozen clock says 09:10)"
        assert overlaps(data_dir, DAY, task) == []
