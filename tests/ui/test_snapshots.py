"""SVG snapshots (pytest-textual-snapshot) at fixed sizes with the frozen clock.

The day shows every kind of mark: a done slot, a skipped one, overdue ones,
the running slot and the now line at 09:10. Update after a deliberate change
with `pytest tests/ui/test_snapshots.py --snapshot-update` and look at the
report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.ondisk import DAY
from smm_tui.config import Settings
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.themes.spec import builtin_themes
from smm_tui.ui.app import SmmApp

MakeApp = Callable[..., SmmApp]


@pytest.fixture
def busy_day(store: Store, clock: FrozenClock) -> Store:
    """Today with one slot done and one skipped (the rest as the routine made them)."""
    store.update_day(DAY, lambda d: d.set_status("wake-0530", "done", clock.now())
                     .set_status("news-0600", "skipped", clock.now()))
    return store


def app_for(make_app: MakeApp, theme: str = "hectic") -> SmmApp:
    """The app on the test's store (`busy_day`) and frozen clock, in `theme`."""
    return make_app(settings=Settings(theme=theme))


def test_day_120x40(snap_compare: Callable[..., bool], make_app: MakeApp, busy_day: Store) -> None:
    assert snap_compare(app_for(make_app), terminal_size=(120, 40))


def test_day_80x24(snap_compare: Callable[..., bool], make_app: MakeApp, busy_day: Store) -> None:
    assert snap_compare(app_for(make_app), terminal_size=(80, 24))


def test_help_screen(snap_compare: Callable[..., bool], make_app: MakeApp, busy_day: Store) -> None:
    assert snap_compare(app_for(make_app), press=["question_mark"], terminal_size=(120, 40))


def test_add_form_with_validation_errors(snap_compare: Callable[..., bool], make_app: MakeApp,
                                         busy_day: Store) -> None:
    async def fill_in_badly(pilot) -> None:  # type: ignore[no-untyped-def]
        from textual.widgets import Input

        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#title", Input).value = "Reply to the agency"
        form.query_one("#start", Input).value = "9.30"
        form.query_one("#minutes", Input).value = "half an hour"
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(app_for(make_app), run_before=fill_in_badly, terminal_size=(80, 24))


@pytest.mark.parametrize("theme", sorted(builtin_themes()))
def test_day_in_each_shipped_theme(snap_compare: Callable[..., bool],
                                   make_app: MakeApp, busy_day: Store, theme: str) -> None:
    app = app_for(make_app, theme=theme)
    assert app.theme == theme
    assert snap_compare(app, terminal_size=(120, 40))


def test_export_dialog(snap_compare: Callable[..., bool], make_app: MakeApp, busy_day: Store) -> None:
    app = app_for(make_app)
    app.exports.folder = Path("/home/me/reports")  # a fixed folder: the default depends on where tests run
    assert snap_compare(app, press=["E"], terminal_size=(120, 40))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_day_to_scale(snap_compare: Callable[..., bool],
                      make_app: MakeApp, busy_day: Store, size: tuple[int, int]) -> None:
    """`v`: 15-minute rows from 05:00, blocks, the now row at 09:10, gap labels, shaded bands."""
    assert snap_compare(app_for(make_app), press=["v"], terminal_size=size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_day_in_platform_lanes(snap_compare: Callable[..., bool],
                               make_app: MakeApp, busy_day: Store, size: tuple[int, int]) -> None:
    """`p` with config's lanes = x, linkedin, instagram: three lanes and "other", coarser rows (`-`)."""
    app = make_app(settings=Settings(lanes=("x", "linkedin", "instagram")))
    assert snap_compare(app, press=["p", "minus"], terminal_size=size)
