"""The app and the store: durable changes, failed saves, outside edits, broken files, start-up."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from helpers.ondisk import DAY, day_file, status_on_disk, tasks_on_disk
from helpers.pilot import timeline_text
from smm_tui.core import snapshot
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import StoreBusy
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp

SIZE = (120, 40)
MakeApp = Callable[..., SmmApp]


def outside(data_dir: Path, clock: FrozenClock) -> Store:
    """Another writer on the same data dir (like `smm-tui done` in a second terminal)."""
    return Store(data_dir, clock).open()


async def test_change_is_on_disk_before_the_screen_says_done(make_app: MakeApp, data_dir: Path, notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        on_disk_when_told: list[str] = []
        real = app.notify

        def check(message: str, **kwargs: object) -> None:
            if message.startswith("Done:"):
                on_disk_when_told.append(status_on_disk(data_dir, "blog-0830"))
            real(message, **kwargs)  # type: ignore[arg-type]

        app.notify = check  # type: ignore[method-assign]
        await pilot.press("space")
        await pilot.pause()
    assert on_disk_when_told == ["done"]
    assert seen  # the recorder saw the message too


async def test_failed_save_is_shown_and_nothing_pretends_it_worked(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch, notes  # type: ignore[no-untyped-def]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)

        def disk_full(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr("smm_tui.core.store.write_atomic", disk_full)
        await pilot.press("space")
        await pilot.pause()
        assert seen[-1][0] == "error" and "no space left on device" in seen[-1][1]
        assert app.state is not None and app.state.timeline is not None
        assert app.state.timeline.entry("blog-0830").status == "todo"  # type: ignore[union-attr]
        assert "[ ]" in next(line for line in timeline_text(app).splitlines() if "Publish the blog" in line)
        assert app.changes is not None and not app.changes.history.can_undo()
        monkeypatch.undo()
        await pilot.press("space")  # and once the disk is fine again, it works
        await pilot.pause()
    assert status_on_disk(data_dir, "blog-0830") == "done"


async def test_busy_store_is_shown(make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch, notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)

        def busy(*args: object, **kwargs: object) -> None:
            raise StoreBusy(f"{data_dir}: another smm-tui process has been writing for over 5 s; try again")

        monkeypatch.setattr(app.store, "update_day", busy)
        await pilot.press("s")
        await pilot.pause()
    assert seen[-1][0] == "error" and "another smm-tui process" in seen[-1][1]
    assert not day_file(data_dir).exists()


async def test_outside_edit_is_noticed_and_shown(make_app: MakeApp, data_dir: Path, clock: FrozenClock, notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    assert app.POLL_SECONDS <= 1.0, "outside edits must show within 2 s"
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        outside(data_dir, clock).update_day(DAY, lambda d: d.set_status("leads-0930", "done", clock.now()))
        app.poll_outside_changes()  # what the 1 s timer calls
        await pilot.pause()
        assert app.state.timeline.entry("leads-0930").status == "done"  # type: ignore[union-attr]
        assert "[x]" in next(line for line in timeline_text(app).splitlines() if "Follow up with sales" in line)
        assert any("changed outside" in message for _, message in seen)
        app.poll_outside_changes()  # nothing new: no second reload or message
        assert sum("changed outside" in message for _, message in seen) == 1


async def test_poll_timer_is_running(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        names = {timer.name for timer in app._timers}
        assert {"poll", "clock"} <= names


async def test_in_app_change_does_not_lose_an_unseen_outside_edit(
    make_app: MakeApp, data_dir: Path, clock: FrozenClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Another process ticks a task; the app has not polled yet and still shows it open.
        outside(data_dir, clock).update_day(DAY, lambda d: d.set_status("wake-0530", "done", clock.now()))
        await pilot.press("space")  # tick the blog post in the app
        await pilot.pause()
    on_disk = tasks_on_disk(data_dir)
    assert on_disk["wake-0530"]["status"] == "done"
    assert on_disk["blog-0830"]["status"] == "done"


async def test_outside_edit_is_not_lost_to_in_app_undo(
    make_app: MakeApp, data_dir: Path, clock: FrozenClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        other = outside(data_dir, clock)
        other.update_day(DAY, lambda d: d.replace_task(d.task("blog-0830").edited(title="Renamed elsewhere")))
        other.update_day(DAY, lambda d: d.set_status("wake-0530", "skipped", clock.now()))
        await pilot.press("u")  # undoes only the status of the blog post
        await pilot.pause()
    on_disk = tasks_on_disk(data_dir)
    assert on_disk["blog-0830"]["status"] == "todo"
    assert on_disk["blog-0830"]["title"] == "Renamed elsewhere"
    assert on_disk["wake-0530"]["status"] == "skipped"


async def test_task_deleted_outside_cannot_be_ticked(
    make_app: MakeApp, data_dir: Path, clock: FrozenClock, notes  # type: ignore[no-untyped-def]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        outside(data_dir, clock).update_day(DAY, lambda d: d.without_task("blog-0830"))
        await pilot.press("space")
        await pilot.pause()
        assert any("no longer" in message for _, message in seen)
        assert "blog-0830" not in app.day_screen.timeline_view.entry_ids
    assert "blog-0830" not in tasks_on_disk(data_dir)


async def test_broken_day_file_is_shown_never_overwritten_other_days_work(
    make_app: MakeApp, data_dir: Path, notes  # type: ignore[no-untyped-def]
) -> None:
    path = day_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    broken = b'date = 2026-11-26\nzone = "Europe/Berlin"\n[[tasks]]\nid = "a"\ntitle = \n'
    path.write_bytes(broken)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        seen = notes(app)
        assert app.state is not None and app.state.problem.startswith(f"{path}:5")
        assert str(path) in timeline_text(app)
        await pilot.press("space", "s", "d", "a")
        await pilot.pause()
        assert path.read_bytes() == broken
        assert all(severity == "error" for severity, _ in seen) and seen
        await pilot.press("left_square_bracket", "g", "space")
        await pilot.pause()
        assert app.day == date(2026, 11, 25)
    assert status_on_disk(data_dir, "wake-0530", date(2026, 11, 25)) == "done"
    assert path.read_bytes() == broken


async def test_fixing_the_broken_file_outside_reloads_it(make_app: MakeApp, data_dir: Path, clock: FrozenClock) -> None:
    path = day_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("this is not toml [")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.state is not None and app.state.problem
        path.unlink()
        outside(data_dir, clock).update_day(DAY, lambda d: d.set_status("wake-0530", "done", clock.now()))
        app.poll_outside_changes()
        await pilot.pause()
        assert not app.state.problem
        assert app.state.timeline.entry("wake-0530").status == "done"  # type: ignore[union-attr]


async def test_snapshot_is_refreshed_after_a_change(make_app: MakeApp, data_dir: Path, config_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
    key = snapshot.key(data_dir, DAY, config_path)
    assert key is not None
    doc = snapshot.load(data_dir, DAY, key)
    assert doc is not None
    statuses = {t["id"]: t["status"] for band in doc["bands"] for t in band["tasks"]}
    assert statuses["blog-0830"] == "done"


# --- the clock ---------------------------------------------------------------------------


async def test_clock_tick_moves_the_now_line_and_marks_overdue(make_app: MakeApp, clock: FrozenClock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = app.day_screen.timeline_view
        before = next(i for i, row in enumerate(view.rows) if row.kind == "now")
        assert "now 09:10" in timeline_text(app)
        clock.advance(timedelta(hours=3, minutes=5))  # 12:15
        app.tick()
        await pilot.pause()
        after = next(i for i, row in enumerate(view.rows) if row.kind == "now")
        assert after > before and "now 12:15" in timeline_text(app)
        text = timeline_text(app)
        assert "[!]" in next(line for line in text.splitlines() if "Follow up with sales" in line)
        assert view.current_id in ("lunch-1200", "monitor-1200")


async def test_midnight_rolls_over_to_the_new_day_when_on_today(make_app: MakeApp, clock: FrozenClock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        clock.set(datetime.fromisoformat("2026-11-27T00:05:00+01:00"))
        app.tick()
        await pilot.pause()
        assert app.day == date(2026, 11, 27)
        await pilot.press("left_square_bracket", "left_square_bracket")  # leave today: no roll-over
        await pilot.pause()
        clock.set(datetime.fromisoformat("2026-11-28T00:05:00+01:00"))
        app.tick()
        await pilot.pause()
        assert app.day == date(2026, 11, 25)


async def test_countdown_in_the_header_follows_the_clock(make_app: MakeApp, clock: FrozenClock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        header = app.day_screen.query_one("#header")
        assert "in 20 min" in str(header.render())
        clock.advance(timedelta(minutes=15))
        app.tick()
        await pilot.pause()
        assert "in 5 min" in str(header.render())


# --- sizes, a big day, odd titles -------------------------------------------------------


async def test_size_sweep_and_resize_to_1x1(make_app: MakeApp) -> None:
    for size in ((20, 5), (40, 10), (80, 24), (59, 24)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            small = app.day_screen.has_class("-too-small")
            assert small == (size[0] < 60 or size[1] < 15)
            if small:
                assert "Terminal too small" in str(app.day_screen.query_one("#too-small").render())
            await pilot.resize_terminal(1, 1)
            await pilot.pause()
            await pilot.resize_terminal(120, 40)
            await pilot.pause()
            assert not app.day_screen.has_class("-too-small")
            await pilot.press("j", "question_mark")
            await pilot.resize_terminal(1, 1)
            await pilot.pause()


async def test_three_hundred_slots_cursor_to_the_end(make_app: Callable[..., SmmApp], data_dir: Path,
                                                     store: Store) -> None:
    from smm_tui.core.models import Day, Task

    tasks = tuple(
        Task(id=f"t{i:03d}", title=f"Five-minute check {i}", start=(datetime(2026, 1, 1) + timedelta(minutes=5 * i)).time(),
             minutes=5, kind="monitor", platforms=("x",))
        for i in range(288)
    ) + tuple(Task(id=f"x{i:02d}", title=f"Extra {i}", start=(datetime(2026, 1, 1, 23, 55)).time(), minutes=5)
              for i in range(12))
    store.save_day(Day(date=DAY, zone="Europe/Berlin", tasks=tasks))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.day_screen.timeline_view
        assert len(view.entry_ids) == 300
        await pilot.press("G")
        assert view.cursor_id == view.entry_ids[-1]
        assert view.scroll_offset.y > 250  # scrolled to the end, only visible lines drawn
        await pilot.press(*["k"] * 20, "pageup", "space")
        await pilot.pause()
        ticked = view.cursor_id
    assert ticked is not None and status_on_disk(data_dir, ticked) == "done"


async def test_titles_cannot_reach_the_terminal_as_control_codes_or_markup(
    make_app: Callable[..., SmmApp], store: Store
) -> None:
    from datetime import time

    from smm_tui.core.models import Day, Task

    nasty = "x\x1b[2J\x07[bold red]y[/] \u202eevil"
    store.save_day(Day(date=DAY, zone="Europe/Berlin", tasks=(
        Task(id="n1", title=nasty, start=time(9, 30), note="line1\nline2\x1b[31m"),)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        text = timeline_text(app)
        assert "\x1b" not in text and "\\x1b[2J" in text and "[bold red]y[/]" in text and "\\u202e" in text
        detail = str(app.day_screen.query_one("#detail").render())
        assert "\x1b" not in detail and "[bold red]y[/]" in detail and "\\x1b[31m" in detail
        await pilot.press("enter")
        await pilot.pause()


# --- start-up path (no store given: snapshot first, validated data from a worker) -----------


async def test_first_frame_comes_from_the_snapshot_and_keys_wait_for_the_store(
    data_dir: Path, config_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smm_tui.cli import Context, build_timeline

    build_timeline(Context(data_dir, config_path, clock), DAY)  # what an earlier start left behind
    from smm_tui.ui import loading

    release = threading.Event()
    real_load = loading.load

    def slow_load(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(30)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(loading, "load", slow_load)
    app = SmmApp(data_dir, config_path, clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.ready
        assert "Wake up: email and overnight mentions" in timeline_text(app)
        assert app.day_screen.timeline_view.cursor_id == "blog-0830"
        await pilot.press("space")  # before the store is ready: waits, is not lost
        await pilot.pause()
        assert not day_file(data_dir).exists()
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ready
    assert status_on_disk(data_dir, "blog-0830") == "done"


async def test_first_start_without_snapshot_says_loading_then_shows_the_day(
    data_dir: Path, config_path: Path, clock: FrozenClock
) -> None:
    app = SmmApp(data_dir, config_path, clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ready
        assert "Wake up: email and overnight mentions" in timeline_text(app)
    assert (data_dir / "routine.toml").exists()
    key = snapshot.key(data_dir, DAY, config_path)
    assert key is not None and snapshot.load(data_dir, DAY, key) is not None, "the next start is fast"


async def test_broken_user_theme_gives_one_notification_and_the_default(
    data_dir: Path, config_path: Path, clock: FrozenClock, store: Store, notes  # type: ignore[no-untyped-def]
) -> None:
    themes = config_path.parent / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('[colors]\nprimary = "reddish"\n')
    (themes / "fine.toml").write_text('[colors]\nprimary = "#123456"\n')
    config_path.write_text('theme = "mine"\n')
    app = SmmApp(data_dir, config_path, clock, cursor_blink=False)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "hectic"
        assert "fine" in dict(app.themes.choices())
    problems = [m for _, m in seen if "mine.toml" in m]
    assert len(problems) == 1
    assert len([m for _, m in seen if "theme" in m.lower()]) == 1, "one notification for all theme trouble"
    assert "using hectic" in problems[0]
    assert "mine.toml:2: colors.primary: expected a hex colour" in problems[0]


async def test_broken_config_is_reported_and_never_rewritten(
    make_app: MakeApp, config_path: Path, notes  # type: ignore[no-untyped-def]
) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("lead_minutes = -3\n")
    app = make_app()
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        app.themes.choose("paper")
        await pilot.pause()
        assert app.theme == "paper"
    assert config_path.read_text() == "lead_minutes = -3\n"
    assert any("lead_minutes" in m for _, m in seen)
    assert any("not saved" in m for _, m in seen)


async def test_unknown_keymap_id_is_reported(make_app: MakeApp, config_path: Path, notes) -> None:  # type: ignore[no-untyped-def]
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('[keymap]\n"task.tickle" = "z"\n')
    app = make_app()
    seen = notes(app)
    async with app.run_test(size=SIZE):
        pass
    assert any("task.tickle" in m for _, m in seen)


def test_crash_gives_a_non_zero_exit(data_dir: Path, config_path: Path, clock: FrozenClock,
                                     monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from smm_tui.ui import run_app

    def boom(self: SmmApp) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(SmmApp, "tick", boom)
    monkeypatch.setattr(SmmApp, "TICK_SECONDS", 0.01)
    assert run_app(data_dir, config_path, clock, DAY, headless=True) != 0


async def test_switching_theme_redraws_the_timeline_in_the_new_colours(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = app.day_screen.timeline_view
        y = view.row_of("wake-0530") - round(view.scroll_offset.y)  # type: ignore[operator]
        before = [segment.style for segment in view.render_line(y)]
        app.themes.choose("midnight")
        await pilot.pause()
        after = [segment.style for segment in view.render_line(y)]
    assert before != after
    assert after[0].bgcolor is not None and after[0].bgcolor.get_truecolor().hex.lower() == "#171c2c"


async def test_show_reminder_is_literal_and_rings_when_configured(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch,
                                                                  notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True):
        seen = notes(app)
        rings: list[bool] = []
        monkeypatch.setattr(app, "bell", lambda: rings.append(True))
        assert app.reminders is not None
        app.reminders.show("09:30 [bold]Call\x1b[2J", "in 10 min")
        assert app.notices.reminder_texts == ["Reminder\n09:30 [bold]Call\\x1b[2J\nin 10 min"]
    assert seen == [], "a reminder is a note on the day screen, not a toast"
    assert rings == [True]


async def test_unusable_data_dir_is_explained_and_nothing_is_written(
    data_dir: Path, config_path: Path, clock: FrozenClock, notes  # type: ignore[no-untyped-def]
) -> None:
    data_dir.mkdir(parents=True)
    data_dir.chmod(0o777)
    app = SmmApp(data_dir, config_path, clock, cursor_blink=False)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ready and app.store is None
        assert "world-writable" in timeline_text(app)
        await pilot.press("space", "a", "u")
        await pilot.pause()
    assert all(severity == "error" for severity, _ in seen) and len(seen) >= 2, seen
    assert list(data_dir.iterdir()) == []


async def test_start_service_ticks_with_the_injected_clock_once_ready(make_app: MakeApp, clock: FrozenClock) -> None:
    app = make_app()
    seen: list[datetime] = []
    with pytest.raises(ValueError):
        app.start_service(seen.append, every=0)
    async with app.run_test(size=SIZE) as pilot:
        app.start_service(seen.append, every=0.01, name="reminders")
        assert "reminders" in {timer.name for timer in app._timers}
        for _ in range(500):  # a real timer: poll with a deadline (5 s) until it has fired
            if len(seen) >= 2:
                break
            await pilot.pause(0.01)
    assert len(seen) >= 2 and set(seen) == {clock.now()}
