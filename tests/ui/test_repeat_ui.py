"""The add form's repeat field and removing a routine slot: both edit routine.toml, keeping its comments."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import time, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from helpers.ondisk import DAY, tasks_on_disk
from helpers.pilot import until
from smm_tui.core.routine import DEFAULT_ROUTINE_TOML
from smm_tui.ui.app import SmmApp
from smm_tui.ui.screens.remove_slot import RemoveSlotQuestion
from smm_tui.ui.screens.task_form import TaskForm

SIZE = (120, 40)
NEXT = DAY + timedelta(days=1)
MakeApp = Callable[..., SmmApp]


def slots(data_dir: Path) -> dict[str, dict[str, object]]:
    path = data_dir / "routine.toml"
    if not path.exists():
        return {}
    return {s["id"]: s for s in tomllib.loads(path.read_text())["slots"]}


async def add_repeating(pilot, app: SmmApp, mode: str, **fields: str) -> TaskForm:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: app.ready)
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, TaskForm))
    form = app.screen
    assert isinstance(form, TaskForm)
    form.query_one("#repeat", Select).value = mode
    await pilot.pause()
    for name, value in {"title": "Story check", "start": "10:40", "minutes": "10", **fields}.items():
        field = form.query_one(f"#{name}", Input)
        field.focus()
        field.value = ""
        await pilot.press(*value)
    await pilot.press("ctrl+s")
    return form


@pytest.mark.parametrize(("mode", "fields", "expected"), [
    ("daily", {}, {}),
    ("weekdays", {}, {"weekdays": ["mon", "tue", "wed", "thu", "fri"]}),
    ("days", {"repeat-days": "fri, thu"}, {"weekdays": ["thu", "fri"]}),
    ("every", {"every": "30", "until": "12:00"}, {"every": 30, "until": time(12, 0)}),
])
async def test_a_repeating_task_goes_into_routine_toml_and_shows_on_days_without_a_file(  # type: ignore[no-untyped-def]
    make_app: MakeApp, data_dir: Path, mode: str, fields: dict[str, str], expected: dict[str, object], notes
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await add_repeating(pilot, app, mode, **fields)
        await until(pilot, lambda: "story-check" in slots(data_dir))
        slot = slots(data_dir)["story-check"]
        assert {k: slot[k] for k in expected} == expected and slot["start"] == time(10, 40)
        if not expected:
            assert "weekdays" not in slot, "every day is the default: not written"
        text = (data_dir / "routine.toml").read_text()
        assert text.startswith(DEFAULT_ROUTINE_TOML), "the file's comments and layout are kept"
        assert not tasks_on_disk(data_dir, DAY), "today had no file of its own: it shows the routine"
        await until(pilot, lambda: any(i.startswith("story-check-1040") for i in app.day_screen.timeline_view.entry_ids))
        assert any(m.startswith("Repeats ") for _, m in seen)
        await pilot.press("right_square_bracket")  # Friday: every mode above includes it
        await until(pilot, lambda: app.day == NEXT)
        await until(pilot, lambda: any(i.startswith("story-check-1040") for i in app.day_screen.timeline_view.entry_ids))


async def test_a_repeat_that_does_not_read_is_one_line_in_the_form(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await add_repeating(pilot, app, "days", **{"repeat-days": "someday"})
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-repeat", Static).render())
        assert "expected daily, weekdays or days like mon,wed,fri" in error
        form.query_one("#repeat", Select).value = "every"
        await pilot.pause()
        form.query_one("#every", Input).value = "30"
        form.query_one("#until", Input).value = "08:00"  # before the start
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and str(form.query_one("#error-repeat", Static).render())
    assert "story-check" not in slots(data_dir)


async def test_a_task_added_once_stays_a_task_of_the_day(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await add_repeating(pilot, app, "once")
        await until(pilot, lambda: any(t["title"] == "Story check" for t in tasks_on_disk(data_dir).values()))
    assert "story-check" not in slots(data_dir)


async def test_deleting_a_routine_slot_from_now_on_edits_the_routine(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.ready and "blog-0830" in app.day_screen.timeline_view.entry_ids)
        app.day_screen.timeline_view.select("blog-0830")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, RemoveSlotQuestion))
        await pilot.press("f")
        await until(pilot, lambda: "blog" not in slots(data_dir) and bool(slots(data_dir)))
        assert (data_dir / "routine.toml").read_text().startswith(DEFAULT_ROUTINE_TOML.split("[[slots]]")[0])
        await until(pilot, lambda: "blog-0830" not in app.day_screen.timeline_view.entry_ids)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: app.day == NEXT)
        assert not any(i.startswith("blog-") for i in app.day_screen.timeline_view.entry_ids)


async def test_deleting_a_routine_slot_this_day_only_keeps_the_routine(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.ready and "blog-0830" in app.day_screen.timeline_view.entry_ids)
        app.day_screen.timeline_view.select("blog-0830")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, RemoveSlotQuestion))
        await pilot.press("t")
        await until(pilot, lambda: bool(tasks_on_disk(data_dir)) and "blog-0830" not in tasks_on_disk(data_dir))
        assert not (data_dir / "routine.toml").exists() or "blog" in slots(data_dir)
        await pilot.press("u")
        await until(pilot, lambda: "blog-0830" in tasks_on_disk(data_dir))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, RemoveSlotQuestion))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.day_screen)
        assert "blog-0830" in tasks_on_disk(data_dir), "Esc keeps it"
