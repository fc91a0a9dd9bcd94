"""The search screen (`ctrl+f`): typing, the results, Enter jumping to the day and slot, Escape."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from textual.widgets import Input, OptionList, Static

from helpers.pilot import until
from smm_tui.ui import messages
from smm_tui.ui.app import SmmApp
from smm_tui.ui.history_source import HistorySource
from smm_tui.ui.screens import search as search_module
from smm_tui.ui.screens.search import SearchScreen


async def open_search(pilot) -> SearchScreen:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+f")
    await until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen), "the search screen")
    return pilot.app.screen  # type: ignore[no-any-return]


def keys(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def typed(pilot, screen: SearchScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type `text` into the (emptied) field and wait for its results."""
    screen.query_one(Input).value = ""
    await pilot.press(*keys(text))
    await until(pilot, lambda: not screen.searching and screen.query_one(Input).value == text, f"results for {text}")


RECAP_DAYS = [date(2026, 11, 26), date(2026, 11, 23), date(2026, 11, 20), date(2026, 11, 17), date(2026, 11, 14),
              date(2026, 11, 11), date(2026, 11, 5), date(2026, 11, 2)]


async def test_results_follow_typing_newest_first(make_app: Callable[..., SmmApp], history: list[date]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot)
        assert screen.focused is screen.query_one("#search-text", Input)
        await typed(pilot, screen, "recap")
        assert [h.date for h in screen.hits] == RECAP_DAYS
        assert screen.query_one("#search-results", OptionList).option_count == len(RECAP_DAYS)
        first = str(screen.query_one("#search-results", OptionList).get_option_at_index(0).prompt)
        assert "2026-11-26 17:00" in first and "Recap of week 1" in first and "(blog, linkedin)" in first
        assert "8 found" in str(screen.query_one("#search-status", Static).render())
        await typed(pilot, screen, "recap of week 3")
        assert [h.date for h in screen.hits] == [date(2026, 11, 20), date(2026, 11, 17)]
        screen.query_one(Input).value = ""
        await pilot.press(*keys("no such thing"))
        await until(pilot, lambda: not screen.searching and not screen.hits, "no results")
        assert str(screen.query_one("#search-status", Static).render()) == "Nothing found."


async def test_typing_asks_the_index_once_it_pauses(make_app: Callable[..., SmmApp], history: list[date],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Debounced: five keys typed within the pause make one query, not five."""
    asked: list[str] = []
    real = HistorySource.search

    def counting(self: HistorySource, text: str, *args: object) -> object:
        asked.append(text)
        return real(self, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(HistorySource, "search", counting)
    monkeypatch.setattr(search_module, "DEBOUNCE_SECONDS", 2.0)  # longer than five Pilot key presses
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot)
        await typed(pilot, screen, "recap")
        assert asked == ["recap"]


async def test_enter_jumps_to_that_day_and_slot(make_app: Callable[..., SmmApp], history: list[date]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot)
        await typed(pilot, screen, "recap")
        await pilot.press("down", "down", "enter")  # the third result: Friday 20 November
        await until(pilot, lambda: pilot.app.screen is app.day_screen and app.day == date(2026, 11, 20),
                    "the day of the result")
        assert app.day_screen.timeline_view.cursor_id == screen.hits[2].id
        assert app.day_screen.timeline_view.selected.title == "Recap of week 3"
        # Enter on the list itself, and up from the field
        screen = await open_search(pilot)
        await typed(pilot, screen, "recap")
        await pilot.press("down", "down", "up", "tab", "enter")
        await until(pilot, lambda: app.day == date(2026, 11, 23), "the second result's day")
        assert app.day_screen.timeline_view.cursor_id == screen.hits[1].id


async def test_enter_right_behind_the_text_waits_for_the_results(make_app: Callable[..., SmmApp],
                                                                 history: list[date]) -> None:
    """`recap` + Enter typed in one burst (before the search ran): Enter acts on the newest result."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *keys("recap of week 4"), "enter")
        await until(pilot, lambda: pilot.app.screen is app.day_screen and app.day == date(2026, 11, 23),
                    "the newest result's day")
        assert app.day_screen.timeline_view.selected.title == "Recap of week 4"


async def test_jump_clears_a_filter_that_hides_the_slot(make_app: Callable[..., SmmApp], history: list[date]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"wake", "enter")
        await until(pilot, lambda: app.day_screen.query_text == "wake", "the filter")
        app.day_screen.post_message(messages.JumpRequested(date(2026, 11, 26), "recap-0"))
        await until(pilot, lambda: app.day_screen.timeline_view.cursor_id == "recap-0", "the recap selected")
        assert app.day_screen.query_text == ""


async def test_escape_closes_and_keeps_the_day(make_app: Callable[..., SmmApp], history: list[date],
                                              notes: Callable[[SmmApp], list[tuple[str, str]]]) -> None:
    app = make_app()
    seen = notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot)
        await pilot.press("enter")  # nothing typed: nothing to show
        assert pilot.app.screen is screen and any("Nothing to show" in text for _, text in seen)
        await typed(pilot, screen, "recap")
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is app.day_screen, "the day screen")
        assert app.day == date(2026, 11, 26)
        await pilot.press("escape")  # a second Escape must not take the day screen down
        await pilot.pause()
        assert pilot.app.screen is app.day_screen
