"""The palette's Screenshot saves into the export folder (creating it) and says where.

Textual's own command saved into ~/Downloads and said only "Failed to save
screenshot" when that folder did not exist - as in these tests, whose home
has no Downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.pilot import until, until_palette_offers
from smm_tui.ui.app import SmmApp
from smm_tui.ui.screens.day import DayScreen

SIZE = (120, 40)
MakeApp = Callable[..., SmmApp]


async def test_palette_screenshot_saves_where_smm_tui_was_started(make_app: MakeApp, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   isolated_env: Path) -> None:
    assert not (isolated_env / "Downloads").exists()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+p", *"screenshot")
        await until_palette_offers(pilot, "screenshot")
        await pilot.press("enter")
        await until(pilot, lambda: list(work.glob("*.svg")), "the screenshot file")
        (shot,) = work.glob("*.svg")
        assert shot.name == "smm-tui-screen-2026-11-26-091000.svg", "named by the injected clock"
        assert shot.read_text().lstrip().startswith("<svg")
        await until(pilot, lambda: app.notices.status_text, "the status line")
        assert app.notices.status_text == f"Screenshot saved to {shot}"
        assert not app.screen.query("Toast"), "no 'Failed to save screenshot'"


async def test_screenshot_creates_a_missing_export_folder(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.exports.folder = tmp_path / "reports" / "december"  # the last export's folder, since removed
        path = app.take_screenshot()
        assert path is not None and path.parent == tmp_path / "reports" / "december" and path.is_file()
        second = app.take_screenshot()  # the same second: a second file, never over the first
        assert second is not None and second != path and second.name.endswith("-2.svg")
        await pilot.pause()


async def test_a_screenshot_that_cannot_be_saved_says_where_and_why(make_app: MakeApp, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.exports.folder = blocker / "shots"
        assert app.take_screenshot() is None
        await until(pilot, lambda: app.screen.query("Toast"), "the error")
        assert isinstance(app.screen, DayScreen)
        (toast,) = app.screen.query("Toast")
        text = str(toast.render())
        assert f"Screenshot not saved in {blocker / 'shots'}" in text
