"""Carry-over: the last worked day's open added tasks are offered on today, once, never moved by themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from pathlib import Path

from textual.widgets import Static

from helpers.ondisk import DAY, tasks_on_disk
from helpers.pilot import until
from smm_tui.core.clock import FrozenClock
from smm_tui.core.models import Task
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.screens.carry import CarryPick, CarryQuestion

SIZE = (120, 40)
MONDAY = DAY - timedelta(days=3)
MakeApp = Callable[..., SmmApp]
LEFT = [Task(id=f"t-left{n}", title=f"Left over {n}", start=time(15, n)) for n in range(3)]


def leave_open_tasks(store: Store) -> None:
    """Monday (the last worked day) has 3 open added tasks, 1 done added task and its routine slots."""
    done = Task(id="t-done", title="Finished", start=time(14, 0)).marked("done", store.clock.now())
    store.update_day(MONDAY, lambda day: day.model_copy(update={"tasks": (*day.tasks, *LEFT, done)}))


def lookup_done(app: SmmApp) -> bool:
    return app.carry is not None and DAY in app.carry.asked and not any(
        w.name == "carry" and not w.is_finished for w in app.workers)


async def test_yes_carries_all_open_added_tasks_over_as_one_undoable_move(
    make_app: MakeApp, store: Store, data_dir: Path
) -> None:
    leave_open_tasks(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CarryQuestion))
        text = str(app.screen.query_one("#carry-question", Static).render())
        assert text == "3 open from Monday — carry over? (y/n/pick)"
        await pilot.press("y")
        await until(pilot, lambda: {t.id for t in LEFT} <= set(tasks_on_disk(data_dir, DAY)))
        monday = tasks_on_disk(data_dir, MONDAY)
        assert not {t.id for t in LEFT} & set(monday), "moved, not copied"
        assert "t-done" in monday and any(t.get("slot") for t in monday.values()), "done and routine tasks stay"
        assert {t.id for t in LEFT} <= set(app.day_screen.timeline_view.entry_ids)
        await pilot.press("u")
        await until(pilot, lambda: {t.id for t in LEFT} <= set(tasks_on_disk(data_dir, MONDAY)))
        assert not {t.id for t in LEFT} & set(tasks_on_disk(data_dir, DAY)), "one undo puts all three back"


async def test_no_is_remembered_for_the_day_across_a_restart(
    make_app: MakeApp, store: Store, data_dir: Path, clock: FrozenClock
) -> None:
    leave_open_tasks(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CarryQuestion))
        await pilot.press("n")
        await until(pilot, (data_dir / "state" / "carry.toml").exists)
        assert app.screen is app.day_screen
    assert {t.id for t in LEFT} <= set(tasks_on_disk(data_dir, MONDAY)), "nothing moved"
    again = make_app(store=Store(data_dir, clock).open())
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: lookup_done(again))
        await pilot.pause()
        assert again.screen is again.day_screen, "not asked again after the restart"
    clock.advance(timedelta(days=1))
    tomorrow = make_app(store=Store(data_dir, clock).open())
    async with tomorrow.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(tomorrow.screen, CarryQuestion))  # a new day asks again


async def test_pick_carries_only_the_ticked_tasks(make_app: MakeApp, store: Store, data_dir: Path) -> None:
    leave_open_tasks(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CarryQuestion))
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, CarryPick))
        await pilot.press("down", "space", "enter")  # untick the second
        await until(pilot, lambda: "t-left0" in tasks_on_disk(data_dir, DAY))
        assert {"t-left0", "t-left2"} <= set(tasks_on_disk(data_dir, DAY))
        assert "t-left1" in tasks_on_disk(data_dir, MONDAY) and "t-left1" not in tasks_on_disk(data_dir, DAY)


async def test_nothing_is_offered_for_routine_or_done_tasks_or_on_another_day(
    make_app: MakeApp, store: Store, data_dir: Path
) -> None:
    store.update_day(MONDAY, lambda day: day)  # a worked Monday with only its routine slots open
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: lookup_done(app))
        await pilot.pause()
        assert app.screen is app.day_screen
    leave_open_tasks(store)
    other = make_app(day=DAY + timedelta(days=1))
    async with other.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: other.ready)
        assert other.carry is not None and not other.carry.asked, "only today is offered anything"
        await pilot.press("t")
        await until(pilot, lambda: isinstance(other.screen, CarryQuestion))  # switching to today offers it
