"""Keys that arrive before the app has caught up (found by the monkey test).

A terminal delivers keys as fast as they are typed (or pasted, or repeated
by a held key); the app forwards each to the screen that is on top *when
it reads the key*. So a second Enter typed while the first one's save is
still running also lands in the form - after the form has closed. Before
the fix that second Enter dismissed the form again: Textual popped the day
screen underneath and the app died with ScreenStackError (the form case),
or wrote the export a second time and asked whether to replace it (the
export dialog). `queue` sends keys without waiting in between, as a
terminal's input buffer does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui import SIZE, crashed, new_app, settle

from helpers.pilot import key_event, until
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.screens.day import DayScreen
from smm_tui.ui.screens.snooze import SnoozeScreen
from smm_tui.ui.screens.task_form import TaskForm

pytestmark = pytest.mark.torture


def queue(app: object, *keys: str) -> None:
    """Put keys in the app's input queue back to back (no processing in between)."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)  # type: ignore[arg-type]
        app._driver.send_message(event)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("keys", "added"), [
    (("enter", "enter"), 1),
    (("enter", "enter", "enter"), 1),
    (("ctrl+s", "enter"), 1),  # the Enter reaches the day screen (details), not the closed form
    # Escape right behind Enter: a key binding runs before the Enter's Submitted message has
    # bubbled up to the form, so the form may be cancelled first - either way, once.
    (("enter", "escape"), None),
    (("enter", "ctrl+s", "escape"), 1),
])
async def test_a_second_enter_queued_behind_the_form_save_adds_once(
    data_dir: Path, config_path: Path, clock: FrozenClock, keys: tuple[str, ...], added: int | None
) -> None:
    app = new_app(data_dir, config_path, clock)
    before = len(Store(data_dir, clock).load_day(clock.now().date()).tasks)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"double")
        queue(app, *keys)
        await settle(pilot, 6)
        await until(pilot, lambda: not any(isinstance(s, TaskForm) for s in app.screen_stack), "the form closed")
        assert crashed(app) is None
        assert isinstance(app.screen_stack[0], DayScreen)
        await pilot.press("escape", "j")  # still alive and taking keys
        assert crashed(app) is None
    titles = [t.title for t in Store(data_dir, clock).load_day(clock.now().date()).tasks]
    if added is None:
        assert titles.count("double") <= 1
    else:
        assert titles.count("double") == added
        assert len(titles) == before + added


async def test_a_second_enter_queued_behind_an_export_writes_once(
    data_dir: Path, config_path: Path, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportDialog", "the export dialog")
        queue(app, "enter", "enter")
        await settle(pilot, 6)
        await until(pilot, lambda: isinstance(app.screen, DayScreen), "the dialog closed")
        assert crashed(app) is None
        assert len(app.screen_stack) == 1, f"a confirmation was left open: {app.screen_stack}"
    assert [p.name for p in tmp_path.iterdir()] == ["smm-day-2026-11-26.svg"]


async def test_a_second_choice_queued_in_the_snooze_dialog_is_ignored(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    app = new_app(data_dir, config_path, clock)
    chosen: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SnoozeScreen("a slot", (5, 10)), chosen.append)
        await until(pilot, lambda: isinstance(app.screen, SnoozeScreen), "the snooze dialog")
        await settle(pilot)
        queue(app, "enter", "enter", "2")
        await settle(pilot, 6)
        await until(pilot, lambda: isinstance(app.screen, DayScreen), "the dialog closed")
        assert crashed(app) is None
        assert len(app.screen_stack) == 1
    # Enter's OptionSelected bubbles up after the "2" binding ran: one choice wins, once.
    assert len(chosen) == 1 and chosen[0] in (5, 10)


@pytest.mark.parametrize(("keys", "toggles"), [
    (("enter", "enter"), 1),
    (("enter", "enter", "enter"), 1),
    (("enter", "escape", "enter"), None),  # Escape may close the palette before Enter's message arrives
])
async def test_a_second_enter_queued_in_the_palette_runs_the_command_once(
    data_dir: Path, config_path: Path, clock: FrozenClock, keys: tuple[str, ...], toggles: int | None
) -> None:
    """Textual's own command palette had the same double dismiss, and ran the command twice."""
    from textual.command import CommandPalette

    app = new_app(data_dir, config_path, clock)
    said: list[str] = []
    real = app.notify

    def notify(message: str, **kwargs: object) -> None:
        said.append(message)
        real(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        selected = app.day_screen.timeline_view.cursor_id
        await pilot.press("ctrl+p", *"task: toggle done")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.pause()
        queue(app, *keys)
        await settle(pilot, 6)
        await until(pilot, lambda: not CommandPalette.is_open(app), "the palette closed")
        await pilot.pause()
        assert crashed(app) is None
        assert isinstance(app.screen_stack[0], DayScreen)
    assert selected is not None
    ran = [m for m in said if m.startswith(("Done:", "Open again:"))]
    status = Store(data_dir, clock).load_day(clock.now().date()).task(selected).status
    if toggles is None:
        assert len(ran) <= 1
    else:
        assert len(ran) == toggles and status == "done", f"the command ran {len(ran)} times: {ran}"


@pytest.mark.parametrize("keys", [
    ("ctrl+p", "z", "pagedown"),
    ("ctrl+p", "z", "pageup"),
    ("ctrl+p", "pagedown", "pagedown", "enter"),
    ("E", "pagedown", "pageup"),
])
async def test_page_keys_before_a_list_is_laid_out_do_not_crash(
    data_dir: Path, config_path: Path, clock: FrozenClock, keys: tuple[str, ...]
) -> None:
    """Textual's OptionList pages with a line index it has not built yet (KeyError) when
    PageDown arrives right after the list got its options: the palette and the export dialog."""
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        queue(app, *keys)
        await settle(pilot, 6)
        await pilot.pause()
        assert crashed(app) is None
        await pilot.press("escape", "escape")
        assert crashed(app) is None


@pytest.mark.parametrize(("keys", "opened"), [(("C", "enter"), "just-opened"), (("t", "h", "escape"), "settled")])
async def test_typing_queued_behind_the_key_that_closes_the_palette_starts_no_search(
    data_dir: Path, config_path: Path, clock: FrozenClock, keys: tuple[str, ...], opened: str
) -> None:
    """Found by the monkey with other seeds: a character typed right before Enter/Escape changed
    the search field after the palette had closed; Textual then started a search worker on the
    closed palette, which failed (NoMatches: CommandList) and took the app down."""
    from textual.command import CommandPalette

    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        if opened == "settled":
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        else:
            queue(app, "ctrl+p")
            await pilot.pause(0)
        queue(app, *keys)
        await settle(pilot, 6)
        await until(pilot, lambda: not CommandPalette.is_open(app), "the palette closed")
        await pilot.pause()
        await pilot.pause(0.1)  # a search worker, if one was started, has run by now
        assert crashed(app) is None


async def test_a_search_started_as_the_palette_closes_does_not_crash(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    """The same race made deterministic: the search worker is scheduled, then the palette closes
    before it runs (what queued typing did); before the fix: WorkerFailed(NoMatches), app gone."""
    from textual.command import CommandPalette

    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        palette = app.screen
        palette.dismiss()
        await pilot.pause(0)
        palette._gather_commands("C")  # type: ignore[attr-defined]  # what a late Input.Changed starts
        await settle(pilot, 6)
        await pilot.pause(0.1)
        assert crashed(app) is None
        await pilot.press("j")
        assert crashed(app) is None


async def test_a_search_that_runs_before_the_palette_list_is_mounted_is_retried(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    """The other side of the race (a busy machine, keys queued behind ctrl+p): the search runs
    before the palette's list exists. No crash, and the hits still show once it does."""
    from textual.command import CommandList

    from smm_tui.ui.screens.modal import command_palette

    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        palette = command_palette()
        palette._gather_commands("task: toggle")  # type: ignore[attr-defined]  # before it is mounted
        app.push_screen(palette)
        await settle(pilot, 6)
        await until(pilot, lambda: bool(palette.query(CommandList)) and palette.query_one(CommandList).option_count > 0,
                    "the hits shown")
        assert crashed(app) is None


async def test_keys_queued_behind_q_do_not_touch_the_closing_screen(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    """Found by the monkey (seed 2025): `/` right behind `q` mounted the filter bar on a day
    screen that was already being taken down (MountError)."""
    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        queue(app, "q", "slash", "a", "E", "question_mark")
        await settle(pilot, 6)
        assert crashed(app) is None


@pytest.mark.parametrize("folder", ["~nosuchuser-smm/reports", "~G", "~\x1b"])
async def test_a_home_of_nobody_in_the_export_folder_is_one_line_in_the_dialog(
    data_dir: Path, config_path: Path, clock: FrozenClock, folder: str
) -> None:
    """Found by the monkey (seed 2027): `~name` for a user that does not exist made
    Path.expanduser raise RuntimeError and the app died."""
    from textual.widgets import Input

    app = new_app(data_dir, config_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportDialog", "the export dialog")
        dialog = app.screen
        dialog.query_one("#folder", Input).value = folder
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert crashed(app) is None
        assert dialog is app.screen, "the dialog stays open to fix the folder"
        error = dialog.error_text  # type: ignore[attr-defined]
        assert "no such folder" in error and "\n" not in error and "\x1b" not in error, error


async def test_a_filter_typed_in_one_burst_is_text_and_keys_behind_enter_or_esc_are_commands(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    """`/reply` in one burst filters by "reply" (`r e p l y` reach the timeline before `/` has
    run: `e` would have opened the edit form); `Enter x` in one burst ticks a task, and the keys
    behind Esc are never typed into the filter."""
    app = new_app(data_dir, config_path, clock)

    def done() -> set[str]:
        return {t.id for t in Store(data_dir, clock).load_day(clock.now().date()).tasks if t.status == "done"}

    async with app.run_test(size=SIZE) as pilot:
        day = app.day_screen
        queue(app, "slash", "r", "e", "p", "l", "y")
        await until(pilot, lambda: day.query_text == "reply", "the filter to read 'reply'")
        assert isinstance(app.screen, DayScreen)  # no edit form from the `e`
        queue(app, "enter", "x")
        await until(pilot, lambda: len(done()) == 1, "x behind Enter to tick a task")
        (ticked,) = done()
        assert ticked.startswith("criticism"), ticked  # a reply slot: the filter still applies
        assert day.query_text == "reply"
        queue(app, "slash", "n", "g")  # the bar again, with the kept filter: typing goes on from it
        await until(pilot, lambda: day.query_text == "replyng", "the reopened filter to read 'replyng'")
        queue(app, "escape", "x", "x")
        await until(pilot, lambda: not day.has_class("-filtering"), "Esc to close the bar")
        await settle(pilot, 6)
        assert day.query_text == "" and app.focused is day.timeline_view  # the x's were not filter text
        assert crashed(app) is None
