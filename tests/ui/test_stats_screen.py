"""The statistics screen (`S`): every key, against a small fixed history and the frozen clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, ProgressBar, Sparkline, Static

from helpers.pilot import until
from smm_tui.core.clock import FrozenClock
from smm_tui.core.index import HistoryIndex, index_path
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.history_source import PROGRESS_FROM, HistorySource, Stopped
from smm_tui.ui.screens.stats import StatsScreen


async def open_stats(pilot) -> StatsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("S")
    await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen), "the statistics screen")
    screen = pilot.app.screen
    await until(pilot, lambda: not screen.loading and screen.view is not None, "the figures")
    return screen


async def test_s_opens_this_week(make_app: Callable[..., SmmApp], history: list[date]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        assert (screen.first, screen.last) == (date(2026, 11, 23), date(2026, 11, 29))
        stats = screen.view.stats
        assert stats.days == 4  # Monday to Thursday (today) have files
        assert stats.total.done > 0 and stats.lateness and stats.streaks
        title = str(screen.query_one("#stats-title", Static).render())
        assert "this week" in title and "2026-11-23 to 2026-11-29" in title
        assert len(screen.query_one("#stats-weeks", Sparkline).data or []) == 12


async def test_range_keys_switch_and_step(make_app: Callable[..., SmmApp], history: list[date]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        expected = [
            ("4", "4weeks", date(2026, 11, 2), date(2026, 11, 29)),
            ("m", "month", date(2026, 11, 1), date(2026, 11, 30)),
            ("left_square_bracket", "month", date(2026, 10, 1), date(2026, 10, 31)),
            ("right_square_bracket", "month", date(2026, 11, 1), date(2026, 11, 30)),
            ("w", "week", date(2026, 11, 23), date(2026, 11, 29)),
            ("left_square_bracket", "range", date(2026, 11, 16), date(2026, 11, 22)),
            ("right_square_bracket", "range", date(2026, 11, 23), date(2026, 11, 29)),
        ]
        for key, name, first, last in expected:
            await pilot.press(key)
            await until(pilot, lambda: not screen.loading, f"the figures after {key}")
            assert (screen.span_name, screen.first, screen.last) == (name, first, last), key
            assert (screen.view.stats.first, screen.view.stats.last) == (first, last), key
        await pilot.press("m")
        await until(pilot, lambda: not screen.loading, "the month")
        assert screen.view.stats.days == len(history)  # every day with a file is in November
        assert screen.view.stats.days_without_file == 3  # the 1st (before the history) and the two never opened
        assert [d for d, _, has_file in screen.view.month_days if has_file] == history


async def test_chosen_range_field(make_app: Callable[..., SmmApp], history: list[date],
                                  notes: Callable[[SmmApp], list[tuple[str, str]]]) -> None:
    app = make_app()
    seen = notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("r")
        field = screen.query_one("#stats-range", Input)
        assert screen.has_class("-choosing") and screen.focused is field
        field.value = ""
        await pilot.press(*"2026-11-30 2026-11-02", "enter")  # last before first
        assert any("before the first" in text for severity, text in seen if severity == "error")
        assert screen.has_class("-choosing")
        field.value = ""
        await pilot.press(*"2026-11-02..2026-11-08", "enter")
        await until(pilot, lambda: not screen.loading, "the chosen range")
        assert (screen.span_name, screen.first, screen.last) == ("range", date(2026, 11, 2), date(2026, 11, 8))
        assert not screen.has_class("-choosing")
        assert screen.view.stats.days == 6 and screen.view.stats.days_without_file == 1
        # Escape leaves the field first, then closes the screen
        await pilot.press("r")
        await pilot.press("escape")
        assert not screen.has_class("-choosing") and pilot.app.screen is screen
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is app.day_screen, "the day screen again")


async def test_the_screen_shows_the_clis_figures(make_app: Callable[..., SmmApp], history: list[date],
                                                 data_dir: Path, clock: FrozenClock) -> None:
    """The screen's numbers are core.stats.compute's over the index, as `smm-tui stats --month --json` prints."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("m")
        await until(pilot, lambda: not screen.loading, "the month")
        shown = screen.view.stats.to_doc(clock.now())
        bars = str(screen.query_one("#stats-bars", Static).render())
    cli = subprocess.run([sys.executable, "-m", "smm_tui", "stats", "--month", "--json"], capture_output=True,
                         text=True, timeout=60, check=True,
                         env={**os.environ, "SMM_TUI_DATA_DIR": str(data_dir), "SMM_TUI_NOW": clock.now().isoformat()})
    assert shown == json.loads(cli.stdout)
    monitor = shown["by_kind"]["monitor"]
    assert f"{monitor['done']:>4}/{monitor['planned']:<4}" in bars


async def test_first_build_shows_a_progress_bar(make_app: Callable[..., SmmApp], history: list[date],
                                                store: Store, clock: FrozenClock, data_dir: Path) -> None:
    """Over 50+ day files without an index the ProgressBar counts the files read; it is gone once the figures show."""
    for n in range(40):  # more days, so that the first build is long enough to report progress
        store.update_day(date(2026, 9, 1) + timedelta(days=n), lambda d: d.set_status("wake-0530", "skipped",
                                                                                        clock.now()))
    files = len(list((data_dir / "days").glob("*.toml")))
    assert files >= PROGRESS_FROM and not index_path(data_dir).exists()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        bar = screen.query_one("#stats-progress-bar", ProgressBar)
        assert (bar.total, bar.progress) == (files, files)
        assert not screen.has_class("-indexing")  # the bar goes once the figures show
        await pilot.press("escape")
    # The index exists now: a second opening reads nothing and shows no bar.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        assert screen.query_one("#stats-progress-bar", ProgressBar).total is None


async def test_keys_do_not_wait_for_a_slow_query(make_app: Callable[..., SmmApp], history: list[date],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A query held up in its worker: range keys still act at once, and only the last range's answer shows."""
    gate = threading.Event()
    real = HistorySource.stats

    def slow(self: HistorySource, first: date, last: date, progress: object = None) -> object:
        if first == date(2026, 11, 23):
            gate.wait(20)
        return real(self, first, last, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(HistorySource, "stats", slow)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen), "the statistics screen")
        screen = pilot.app.screen
        await pilot.press("m")  # while the week's query is held up
        assert screen.span_name == "month"
        await until(pilot, lambda: not screen.loading, "the month's figures")
        assert screen.view.stats.first == date(2026, 11, 1)
        gate.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.view.stats.first == date(2026, 11, 1), "the week's late answer must not replace the month"


async def test_closing_during_the_first_build_stops_it(make_app: Callable[..., SmmApp], history: list[date],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Escape while the index is being built: the build stops at its next batch (quitting never waits for it)."""
    started, stopped = threading.Event(), threading.Event()
    stopped_by: list[type[BaseException]] = []

    def endless(self: HistoryIndex, progress: Callable[[int, int], None] | None = None) -> object:
        assert progress is not None
        try:
            for n in range(10_000_000):  # a build that would go on for a long time
                progress(n % 1000, 1000)
                started.set()
            raise AssertionError("the build was never stopped")
        except BaseException as exc:
            stopped_by.append(type(exc))
            raise
        finally:
            stopped.set()

    monkeypatch.setattr(HistoryIndex, "refresh", endless)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen), "the statistics screen")
        screen = pilot.app.screen
        await until(pilot, lambda: started.is_set() and screen.has_class("-indexing"), "the progress bar")
        await pilot.press("escape")
        await until(pilot, stopped.is_set, "the build to stop")
        assert pilot.app.screen is app.day_screen
    assert stopped_by == [Stopped], "stopped on purpose, not by an error of a thread outliving its screen"
