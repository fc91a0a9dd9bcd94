"""The week screen, every key through Pilot, checked on the files on disk afterwards.

The frozen clock says Thursday 2026-11-26 09:10 (Europe/Berlin); the week
(Monday first by default) is 23-29 November and opens with Thursday's
running slot, "Publish the blog post" (08:30-09:30), selected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from helpers.ondisk import DAY, day_file, status_on_disk, tasks_on_disk
from helpers.pilot import until
from smm_tui.config import Settings
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui import app as app_module
from smm_tui.ui import week_view
from smm_tui.ui.app import SmmApp
from smm_tui.ui.messages import MoveRequested
from smm_tui.ui.screens.week import WeekScreen
from smm_tui.ui.widgets.week_grid import WeekGrid

MakeApp = Callable[..., SmmApp]
SIZE = (120, 40)
MONDAY = date(2026, 11, 23)


class RecordingApp(SmmApp):
    """The app, also keeping every MoveRequested that reaches it (the move handler is another piece)."""

    CSS_PATH = str(Path(app_module.__file__).parent / SmmApp.CSS_PATH)  # a relative one would be this file's

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.moves: list[MoveRequested] = []

    def on_move_requested(self, message: MoveRequested) -> None:
        self.moves.append(message)


def grid(app: SmmApp) -> WeekGrid:
    assert isinstance(app.screen, WeekScreen), f"the week is not on top: {type(app.screen).__name__}"
    return app.screen.grid


def grid_text(app: SmmApp) -> list[str]:
    view = grid(app)
    return [view.render_line(y).text for y in range(view.size.height)]


def line_with(app: SmmApp, needle: str) -> str:
    return next(line for line in grid_text(app) if needle in line)


async def open_week(pilot, app: SmmApp) -> WeekGrid:  # type: ignore[no-untyped-def]
    await pilot.press("w")
    await pilot.pause()
    await pilot.pause()
    return grid(app)


async def test_w_opens_the_week_around_the_day_and_w_or_escape_goes_back(make_app: MakeApp,
                                                                       data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        assert [c.day for c in view.columns] == [MONDAY + timedelta(days=i) for i in range(7)]
        assert view.day == DAY and view.selected is not None and view.selected.id == "blog-0830"
        assert view.mode == "week"
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
        await open_week(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
        assert app.day == DAY
    assert not day_file(data_dir).exists(), "looking at the week must not create a day file"


async def test_rows_are_time_aligned_marks_and_now_line(make_app: MakeApp, store: Store,
                                                        clock: FrozenClock) -> None:
    """Monday has an extra 06:30 task; its 07:00 slot still sits on Friday's 07:00 line."""
    from smm_tui.core.history import AddTask
    from smm_tui.core.models import Task

    extra = Task(id="extra", title="Extra early post", start=time(6, 30), minutes=15, kind="publish")
    # Done: an added task left open would be offered for carry-over when today opens (a dialog on top).
    store.update_day(MONDAY, lambda d: AddTask(extra).apply(d)[0].set_status("extra", "done", clock.now()))
    store.update_day(MONDAY, lambda d: d.set_status("criticism-0700", "done", clock.now()))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_week(pilot, app)
        seven = line_with(app, "07:00")
        cells = seven.split("│")
        assert cells[1].startswith("[x] ✎ Answer"), seven  # Monday: done
        assert cells[4].startswith("[!] ✎ Answer"), seven  # Thursday (today): overdue
        assert cells[5].startswith("[ ] ✎ Answer"), seven  # Friday: open
        assert all("[-] ✎" in cells[i] for i in (2, 3)), seven  # Tuesday, Wednesday: missed
        early = line_with(app, "06:30").split("│")
        assert early[1].startswith("[x] ➤ Extra") and all(not c.strip() for c in early[2:]), early
        now = line_with(app, "09:10")
        before, today_on = now.split("├", 1)
        assert before.count("│") == 3 and "─" not in before, now  # Monday to Wednesday: no line
        assert today_on.startswith("────") and not today_on.split("│", 1)[1].strip(" │"), now  # only today
        heads = grid_text(app)[:2]
        assert "Mon 23 Nov" in heads[0] and "Sun 29 Nov" in heads[0]
        assert "2/21 done" in heads[1] and "routine · 20" in heads[1]  # a day without a file: its routine


@pytest.mark.parametrize(("keys", "expected"), [
    (("down",), (3, "leads-0930")), (("j",), (3, "leads-0930")), (("j", "j", "k"), (3, "leads-0930")),
    (("up",), (3, "advocates-0730")), (("k",), (3, "advocates-0730")),
    (("left",), (2, "blog-0830")), (("h",), (2, "blog-0830")),
    (("right",), (4, "blog-0830")), (("l",), (4, "blog-0830")),
    (("g",), (3, "wake-0530")), (("home",), (3, "wake-0530")),
    (("G",), (3, "last-look-2300")), (("end",), (3, "last-look-2300")),
    (("j", "l", "l"), (5, "monitor-1000")),  # Saturday has no 09:30 meeting: the nearest line
])
async def test_cursor_keys(make_app: MakeApp, keys: tuple[str, ...], expected: tuple[int, str]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        await pilot.press(*keys)
        await pilot.pause()
        assert view.cursor == expected


async def test_space_ticks_the_task_on_the_selected_day_and_u_undoes_it(make_app: MakeApp,
                                                                        data_dir: Path) -> None:
    app = make_app()
    friday = DAY + timedelta(days=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_week(pilot, app)
        await pilot.press("l", "space")
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830", friday) == "done"
        assert not day_file(data_dir).exists(), "today is untouched"
        assert line_with(app, "08:30").split("│")[5].startswith("[x]")
        assert "Done" in app.notices.status_text  # the week's own status line
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen), "undo keeps the week on screen"
        assert status_on_disk(data_dir, "blog-0830", friday) == "todo"
        assert line_with(app, "08:30").split("│")[5].startswith("[ ]")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830", friday) == "done"
        await pilot.press("x")  # the second key of week.toggle
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830", friday) == "todo"


async def test_greater_than_asks_to_move_the_task_to_the_next_day(data_dir: Path, config_path: Path,
                                                                  clock: FrozenClock, store: Store) -> None:
    app = RecordingApp(data_dir, config_path, clock, store=store, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_week(pilot, app)
        await pilot.press("j", "greater_than_sign")
        await pilot.pause()
        assert [(m.task_ids, m.source, m.target, m.at, m.next_free) for m in app.moves] == [
            (("leads-0930",), DAY, DAY + timedelta(days=1), None, False)]


async def test_enter_opens_the_selected_day(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_week(pilot, app)
        await pilot.press("h", "h", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
        assert app.day == DAY - timedelta(days=2)
        assert app.day_screen.day == DAY - timedelta(days=2)


@pytest.mark.parametrize(("keys", "first", "selected"), [
    (("right_square_bracket",), MONDAY + timedelta(weeks=1), DAY + timedelta(weeks=1)),
    (("left_square_bracket",), MONDAY - timedelta(weeks=1), DAY - timedelta(weeks=1)),
    (("right_square_bracket", "right_square_bracket", "t"), MONDAY, DAY),
    (("l", "l", "l", "l"), MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=1)),  # past Sunday
    (("h", "h", "h", "h"), MONDAY - timedelta(weeks=1), MONDAY - timedelta(days=1)),  # before Monday
])
async def test_other_weeks(make_app: MakeApp, keys: tuple[str, ...], first: date, selected: date) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()
        assert view.columns[0].day == first
        assert view.day == selected


async def test_week_start_from_config(make_app: MakeApp) -> None:
    app = make_app(settings=Settings(week_start="sunday"))
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        assert [c.day.strftime("%a") for c in view.columns] == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        assert view.columns[0].day == date(2026, 11, 22)


async def test_layout_follows_the_width(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        assert view.mode == "week" and view.visible_columns() == list(range(7))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.mode == "three" and view.visible_columns() == [2, 3, 4]
        assert "Wed 25 Nov" in grid_text(app)[0] and "Tue 24 Nov" not in grid_text(app)[0]
        await pilot.press("h", "h", "h")
        await pilot.pause()
        assert view.visible_columns() == [0, 1, 2]
        await pilot.resize_terminal(56, 24)
        await pilot.pause()
        assert view.mode == "agenda"
        text = grid_text(app)
        selected = view.selected
        assert selected is not None and any(selected.title[:20] in line for line in text)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("l")  # the agenda: the next day's first slot
        await pilot.pause()
        assert view.day == MONDAY + timedelta(days=1) and view.cursor[1] == "wake-0530"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert view.mode == "week"


async def test_a_frame_works_out_its_columns_once_and_they_follow_the_cursor(make_app: MakeApp,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Which columns are shown asks the widget's size; the grid keeps its layout between lines
    (WeekGrid._layout, a first-frame cost of `--view week`) yet follows the selected day."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        asked: list[int] = []
        visible = view.visible_columns

        def counted() -> list[int]:
            asked.append(1)
            return visible()

        monkeypatch.setattr(view, "visible_columns", counted)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = grid_text(app)  # every line again, after the frame the resize drew
        assert len(text) > 15 and len(asked) <= 4, f"{len(asked)} layouts for {len(text)} lines"
        assert "Wed 25 Nov" in text[0] and "Tue 24 Nov" not in text[0]
        await pilot.press("h", "h", "h")
        await pilot.pause()
        assert "Mon 23 Nov" in grid_text(app)[0] and "Thu 26 Nov" not in grid_text(app)[0]


async def test_keys_never_read_a_file_and_outside_changes_show(make_app: MakeApp, data_dir: Path,
                                                               clock: FrozenClock,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[date] = []
    real = week_view.read_day
    monkeypatch.setattr(week_view, "read_day", lambda store, settings, day, *a, **k: (
        reads.append(day), real(store, settings, day, *a, **k))[1])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_week(pilot, app)
        assert sorted(reads) == [MONDAY + timedelta(days=i) for i in range(7)]
        reads.clear()
        await pilot.press("j", "l", "k", "h", "g", "G", "right", "left")
        await pilot.pause()
        app.poll_outside_changes()  # nothing changed: nothing is read
        assert reads == []
        other = Store(data_dir, clock).open()  # another process, as `smm-tui done` would be
        other.update_day(DAY + timedelta(days=2), lambda d: d.set_status("news-0600", "done", clock.now()))
        app.poll_outside_changes()
        await pilot.pause()
        assert reads == [DAY + timedelta(days=2)]
        assert line_with(app, "06:00").split("│")[6].startswith("[x]")


async def test_space_on_a_day_without_a_slot_says_so(make_app: MakeApp, store: Store, data_dir: Path,
                                                     notes) -> None:  # type: ignore[no-untyped-def]
    from smm_tui.core.history import DeleteTask

    saturday = DAY + timedelta(days=2)
    for task in store.load_day(saturday).tasks:
        store.update_day(saturday, lambda d, task_id=task.id: DeleteTask(task_id).apply(d)[0])
    app = make_app()
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        await pilot.press("l", "l")
        await pilot.pause()
        assert view.cursor == (5, None)
        await pilot.press("space", "greater_than_sign")
        await pilot.pause()
        assert ("information", "No slot selected.") in seen


async def test_view_week_starts_on_the_week(make_app: MakeApp) -> None:
    app = make_app(view="week")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = grid(app)
        assert view.day == DAY and view.selected is not None
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen" and app.day == DAY


async def test_view_week_pushes_the_week_once_the_app_is_mounted(make_app: MakeApp,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`--view week` first-paint trick (ui/startup.py): pushed from within the app's mount handler, the
    week's first frame waited for the day screen beneath it to mount and for a later refresh."""
    order: list[str] = []
    app_mounted, week_open = SmmApp.on_mount, week_view.WeekView.open

    def on_mount(self: SmmApp) -> None:
        app_mounted(self)
        order.append("app mounted")

    def open_week(self: week_view.WeekView, day: date) -> None:
        order.append("week pushed")
        week_open(self, day)

    monkeypatch.setattr(SmmApp, "on_mount", on_mount)
    monkeypatch.setattr(week_view.WeekView, "open", open_week)
    app = make_app(view="week")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert order == ["app mounted", "week pushed"]
        assert isinstance(app.screen, WeekScreen) and type(app.screen_stack[0]).__name__ == "DayScreen"
        assert grid(app).day == DAY and grid(app).selected is not None


async def test_greater_than_moves_the_task_to_the_next_day_and_u_brings_it_back(make_app: MakeApp,
                                                                                data_dir: Path) -> None:
    """The full flow with the app's move handler: one move over two files, shown in both columns at once."""
    app = make_app()
    friday = DAY + timedelta(days=1)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_week(pilot, app)
        await pilot.press("j", "greater_than_sign")
        await pilot.pause()
        assert "leads-0930" not in tasks_on_disk(data_dir)
        moved = [t for t in tasks_on_disk(data_dir, friday).values() if t["title"].startswith("Follow up with sales")]
        assert len(moved) == 2, "Friday's own and the moved one"
        assert isinstance(app.screen, WeekScreen)
        thursday = view.columns[3].timeline
        assert thursday is not None and thursday.entry("leads-0930") is None  # shown without waiting for the poll
        assert len(view.columns[4].timeline.entries) == 21  # type: ignore[union-attr]
        await pilot.press("u")
        await pilot.pause()
        assert "leads-0930" in tasks_on_disk(data_dir)
        assert view.columns[3].timeline.entry("leads-0930") is not None  # type: ignore[union-attr]
        assert len(view.columns[4].timeline.entries) == 20  # type: ignore[union-attr]


async def test_week_keys_follow_the_keymap(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app(settings=Settings(keymap={"week.toggle": "y", "week.back": "b"}))
    async with app.run_test(size=SIZE) as pilot:
        await open_week(pilot, app)
        await pilot.press("space")  # no longer bound on the week
        await pilot.press("y")
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830") == "done"
        await pilot.press("w")  # remapped away too
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        await pilot.press("b")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"


async def test_validated_settings_turn_the_week_and_keep_the_selection(make_app: MakeApp) -> None:
    """A real start draws the week before config.toml is validated (Monday first); the configured
    first day then takes over, the same day and slot still selected."""
    app = make_app(view="week")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = grid(app)
        await pilot.press("j")
        await pilot.pause()
        assert view.cursor == (3, "leads-0930")
        app.settings = Settings(week_start="sunday")
        app.week.loaded()
        await pilot.pause()
        assert view.columns[0].day == date(2026, 11, 22)
        assert view.cursor == (4, "leads-0930") and view.day == DAY


async def test_the_grid_is_focused_after_its_first_frame_and_drawn_as_focused_before(make_app: MakeApp,
                                                                                      monkeypatch: pytest.MonkeyPatch
                                                                                      ) -> None:
    """First-paint trick (ui/startup.py, item 14): not focused while composing (a second styling of the
    grid before the first frame), but its cursor is drawn in the focused colour from the start."""
    first: list[tuple[bool, bool, str]] = []
    render_line = WeekGrid.render_line

    def recorded(self: WeekGrid, y: int) -> object:
        line = render_line(self, y)
        if not first and self.selected is not None and self.selected.title[:10] in line.text:
            first.append((self.has_focus, self.focus_coming, repr(list(line))))
        return line

    monkeypatch.setattr(WeekGrid, "render_line", recorded)
    app = make_app(view="week")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = grid(app)
        await until(pilot, lambda: app.screen.focused is view, "the grid takes the focus")
        assert view.can_focus and not view.focus_coming
        assert first and first[0][:2] == (False, True), "the first frame drew the cursor before the focus came"
        assert view.selected is not None
        row = next(y for y in range(view.size.height) if view.selected.title[:10] in view.render_line(y).text)
        view._cache.clear()  # drawn again now, focused
        assert repr(list(render_line(view, row))) == first[0][2], "the cursor looks the same before and after"
