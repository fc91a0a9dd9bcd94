"""Form fields as a terminal user edits them: text kept on focus, readline keys, keys typed in one burst.

The frozen clock says Thursday 2026-11-26 09:10; the cursor opens on "Publish
the blog post on today's news" (blog-0830, platform: blog).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Input

from helpers.ondisk import tasks_on_disk
from helpers.pilot import key_event
from smm_tui.ui.app import SmmApp
from smm_tui.ui.screens.task_form import TaskForm

SIZE = (120, 40)
MakeApp = Callable[..., SmmApp]


async def burst(pilot: Any, *keys: str) -> None:
    """Keys back to back, as a terminal's input buffer holds them when typing outruns the app."""
    for key in keys:
        pilot.app.post_message(key_event(key))
    await pilot.pause()
    await pilot.pause()


async def open_form(pilot: Any, key: str) -> TaskForm:
    await pilot.press(key)
    for _ in range(50):
        await pilot.pause()
        if isinstance(pilot.app.screen, TaskForm):
            return pilot.app.screen
    raise AssertionError("the form did not open")


def field(form: TaskForm, name: str) -> Input:
    return form.query_one(f"#{name}", Input)


async def test_tab_into_platforms_keeps_them_and_typing_adds(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "e")
        assert field(form, "platforms").value == "blog"
        await pilot.press("tab", "tab", "tab", "tab")  # title -> start -> minutes -> kind -> platforms
        platforms = field(form, "platforms")
        assert app.focused is platforms
        assert platforms.selection.is_empty, "focus does not select the text"
        assert platforms.cursor_position == len("blog"), "the cursor is at the end"
        await pilot.press(*", linkedin")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert tasks_on_disk(data_dir)["blog-0830"]["platforms"] == ["blog", "linkedin"]


async def test_readline_keys_move_to_the_start_and_end(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "a")
        await pilot.press("tab")
        start = field(form, "start")
        assert app.focused is start and start.value == "09:10"
        assert start.selection.is_empty and start.cursor_position == 5
        await pilot.press("ctrl+a")
        assert start.cursor_position == 0
        await pilot.press("ctrl+e")
        assert start.cursor_position == 5
        await pilot.press("home")
        assert start.cursor_position == 0
        await pilot.press("end")
        assert start.cursor_position == 5
        await pilot.press("ctrl+a", "ctrl+k", *"10:15")  # the readline way to replace a field
        assert start.value == "10:15"


async def test_keys_typed_in_one_burst_go_to_the_field_focused_when_typed(make_app: MakeApp,
                                                                          data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "a")
        await burst(pilot, *"Post", "tab", "ctrl+a", "ctrl+k", *"10:15", "tab", "tab", "tab", *"instagram",
                    "shift+tab", "shift+tab", "end", "backspace", "backspace", *"45")
        assert field(form, "title").value == "Post"
        assert field(form, "start").value == "10:15"
        assert field(form, "minutes").value == "45"
        assert field(form, "platforms").value == "instagram"
        await pilot.press("ctrl+s")
        await pilot.pause()
    (added,) = [t for t in tasks_on_disk(data_dir).values() if t["title"] == "Post"]
    assert added["platforms"] == ["instagram"] and added["minutes"] == 45
    assert added["start"].isoformat() == "10:15:00"
