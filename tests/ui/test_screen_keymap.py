"""The statistics and search screens' keys are rows of the command table, as the week's are.

So config.toml's `[keymap]` remaps them without calling their ids unknown,
the old key stops working, and the help (`?`) lists them with the keys in
effect. The frozen clock says Thursday 2026-11-26; the history is the small
fixed one the statistics and search tests use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from history_fixture import build_history
from textual.widgets import Input, OptionList

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.commands import SEARCH_COMMANDS, STATS_COMMANDS, all_commands, known_keymap
from smm_tui.ui.screens.search import SearchScreen
from smm_tui.ui.screens.stats import StatsScreen

SIZE = (120, 40)
Notes = Callable[[SmmApp], list[tuple[str, str]]]


@pytest.fixture
def history(store: Store, clock: FrozenClock) -> list[date]:
    return build_history(store, clock)


async def until(pilot, condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_every_key_of_both_screens_is_a_row_of_the_table() -> None:
    ids = {command.id for command in all_commands()}
    for screen, prefix in ((StatsScreen, "stats."), (SearchScreen, "search.")):
        bound = {binding.id for binding in screen.BINDINGS if not isinstance(binding, tuple)}
        assert bound and all(str(i).startswith(prefix) for i in bound)
        assert bound <= ids, f"{screen.__name__} binds ids outside ui/commands.py: {bound - ids}"
    assert known_keymap({"stats.month": "n", "search.down": "ctrl+n", "stats.nope": "z"}) == (
        {"stats.month": "n", "search.down": "ctrl+n"}, ["stats.nope"])


async def test_keymap_remaps_the_statistics_and_search_keys_without_a_warning(
    make_app: Callable[..., SmmApp], config_path: Path, history: list[date], notes: Notes
) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    # an unknown id beside them: the warning is given, and names only that one
    config_path.write_text('[keymap]\n"stats.month" = "n"\n"search.down" = "ctrl+n"\n"stats.nope" = "z"\n')
    app = make_app()
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen), "the statistics screen")
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        await until(pilot, lambda: not stats.loading and stats.view is not None, "the figures")
        await pilot.press("m")  # remapped away
        await pilot.pause()
        assert (stats.span_name, stats.loading) == ("week", False)
        await pilot.press("n")
        await until(pilot, lambda: not stats.loading, "the month's figures")
        assert (stats.span_name, stats.first, stats.last) == ("month", date(2026, 11, 1), date(2026, 11, 30))
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "DayScreen", "the day screen")

        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"recap")
        await until(pilot, lambda: not search.searching and search.query_one(Input).value == "recap"
                    and len(search.hits) > 2, "the results")
        results = search.query_one("#search-results", OptionList)
        assert results.highlighted == 0
        await pilot.press("down")  # remapped away
        await pilot.pause()
        assert results.highlighted == 0
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert results.highlighted == 2
        await pilot.press("up")  # not remapped: still works
        await pilot.pause()
        assert results.highlighted == 1
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "DayScreen", "the day screen")

        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the help")
        text = str(app.screen.query_one("#help-text").render())
    lines = text.splitlines()
    assert any(line.split()[:2] == ["n", "stats.month"] for line in lines)
    assert any(line.split()[:2] == ["ctrl+n", "search.down"] for line in lines)
    for command in STATS_COMMANDS + SEARCH_COMMANDS:  # each under its screen's name
        assert command.id in text and command.palette is not None and command.palette in text
    warnings = [message for _, message in seen if "unknown binding id" in message]
    assert len(warnings) == 1 and "stats.nope" in warnings[0]
    assert "stats.month" not in warnings[0] and "search.down" not in warnings[0]
