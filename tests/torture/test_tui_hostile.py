"""Hostile titles through the UI form: NUL, markup, terminal controls, a 1 MB paste.

The core's rules (models.Task): a title is 1-500 characters and must not
contain NUL (TOML cannot hold it); other control characters are data, kept
as typed, and every place that shows text escapes them (core.text.printable).
So through the form: NUL is refused with a one-line message next to the
field; `[bold red]x[/]` is shown literally everywhere; ESC, BEL, C1 and bidi
controls never reach the terminal - not in the timeline, the detail pane,
the toasts, nor in the form's own input field while typing; a 1 MB paste is
refused by the 500-character limit in one line, the app stays responsive and
nothing on disk changes.

Text is typed the way a terminal delivers it: keys for ordinary characters,
a bracketed paste (events.Paste through the driver) for the rest.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from harness import TERMINAL_CONTROLS
from textual import events
from textual.widgets import Input
from tui import SIZE, crashed, deliver, new_app, screen_lines, screen_segments, settle

from helpers.pilot import timeline_text, until
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.screens.day import DayScreen
from smm_tui.ui.screens.task_form import TaskForm

pytestmark = pytest.mark.torture

RAW = set(TERMINAL_CONTROLS)


def paste(app: object, text: str) -> None:
    """A bracketed paste, delivered like a terminal's (to the focused widget)."""
    event = events.Paste(text)
    event.set_sender(app)  # type: ignore[arg-type]
    app._driver.send_message(event)  # type: ignore[attr-defined]


def assert_nothing_raw(app: object, where: str) -> None:
    found = sorted({repr(ch) for text in screen_segments(app) for ch in text if ch in RAW})  # type: ignore[arg-type]
    assert not found, f"{where}: raw {found} would reach the terminal"


async def open_form_with_title(pilot: object, app: object, title: str) -> TaskForm:
    await deliver(pilot, "a")
    await until(pilot, lambda: isinstance(app.screen, TaskForm), "the form")  # type: ignore[attr-defined]
    await settle(pilot)
    paste(app, title)
    await settle(pilot)
    return app.screen  # type: ignore[attr-defined,no-any-return]


def form_error(form: TaskForm, name: str) -> str:
    return str(form.query_one(f"#error-{name}").render())


async def test_nul_in_a_title_is_refused_in_one_line_and_nothing_is_saved(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    store = Store(data_dir, clock).open()
    before = store.day_path(clock.now().date()).exists()
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form_with_title(pilot, app, "call\x00back")
        assert form.query_one("#title", Input).value == "call\x00back"
        assert_nothing_raw(app, "the title field holding a NUL")
        await deliver(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, TaskForm), "the form stays open"
        message = form_error(form, "title")
        assert message == "title: must not contain a NUL character"
        await deliver(pilot, "escape")
        await until(pilot, lambda: isinstance(app.screen, DayScreen), "the form closed")
        assert crashed(app) is None
    assert store.day_path(clock.now().date()).exists() == before, "nothing was saved"


@pytest.mark.parametrize("title", [
    "[bold red]x[/]",
    "[link=https://evil.example]click[/link] [@click=app.quit]quit[/]",
    "evil\x1b[2J\x1b]0;pwned\x07bell\x9b31m\u202ereversed\u202c",
    "tab\there\x7fdel\x08bs\x01soh",  # (a paste keeps its first line only: no \r, \n, \v here)
])
async def test_markup_and_controls_in_a_title_are_shown_literally_never_raw(
    data_dir: Path, config_path: Path, clock: FrozenClock, title: str
) -> None:
    Store(data_dir, clock).open()
    app = new_app(data_dir, config_path, clock)
    from smm_tui.core.text import printable

    literal = printable(title)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_form_with_title(pilot, app, title)
        assert_nothing_raw(app, "the form while typing")
        await deliver(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, DayScreen), "the form saved")
        await settle(pilot)
        saved = [t for t in app.state.model.tasks if t.title == title]  # type: ignore[union-attr]
        assert len(saved) == 1, "kept exactly as typed"
        app.day_screen.timeline_view.select(saved[0].id)
        await settle(pilot)
        assert literal[:40] in timeline_text(app), "shown literally in the timeline"
        text = "\n".join(screen_lines(app))
        assert text.count(literal[:30]) >= 2, "and in the detail pane / the 'Added' toast"
        assert_nothing_raw(app, "timeline, detail pane and toast")
        await deliver(pilot, "enter")  # details (popup or pane)
        await settle(pilot)
        assert_nothing_raw(app, "details")
        assert crashed(app) is None and app.is_running, "the markup ran nothing (no quit)"
    on_disk = Store(data_dir, clock).load_day(clock.now().date())
    assert [t.title for t in on_disk.tasks if t.id == saved[0].id] == [title]


async def test_a_1_mb_paste_into_the_title_is_refused_cleanly_and_the_app_stays_responsive(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    store = Store(data_dir, clock).open()
    day = clock.now().date()
    store.update_day(day, lambda d: d.toggle("wake-0530", clock.now()))
    before = store.day_path(day).read_bytes()
    huge = ("spam " * 210_000)[:1_000_000]
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        started = time.perf_counter()
        form = await open_form_with_title(pilot, app, huge)
        pasted = time.perf_counter() - started
        assert len(form.query_one("#title", Input).value) == len(huge)
        started = time.perf_counter()
        for key in ("end", "backspace", "home", "x"):  # typing in the huge field
            await deliver(pilot, key)
        typing = time.perf_counter() - started
        await deliver(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, TaskForm), "refused: the form stays open"
        message = form_error(form, "title")
        assert message == "title: String should have at most 500 characters", message
        await deliver(pilot, "escape")
        await until(pilot, lambda: isinstance(app.screen, DayScreen), "the form closed")
        started = time.perf_counter()
        selected = app.day_screen.timeline_view.cursor_id
        await deliver(pilot, "space")  # and the day still takes a tick at once
        await until(pilot, lambda: app.state.model.task(selected).status == "done", "the tick")  # type: ignore[union-attr]
        tick = time.perf_counter() - started
        assert crashed(app) is None
    assert pasted < 10 and typing < 10 and tick < 5, (pasted, typing, tick)
    after = Store(data_dir, clock).load_day(day)
    assert all(len(t.title) <= 500 for t in after.tasks)
    assert store.day_path(day).read_bytes() != before, "the tick after the paste was saved"
    import harness

    harness.report("tui/hostile-paste", paste_1mb_s=f"{pasted:.2f}", four_keys_in_it_s=f"{typing:.2f}",
                   tick_after_s=f"{tick:.3f}")
