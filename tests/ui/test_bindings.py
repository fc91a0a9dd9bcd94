"""Every key binding, driven through Pilot, checked on the day file on disk afterwards.

The frozen clock says Thursday 2026-11-26 09:10 (Europe/Berlin); on open the
cursor sits on the running slot, "Publish the blog post" (08:30-09:30).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest

from helpers.ondisk import DAY, day_file, status_on_disk, tasks_on_disk
from helpers.pilot import until_palette_offers
from smm_tui.ui.app import SmmApp
from smm_tui.ui.commands import all_commands

SIZE = (120, 40)
ROUTINE_IDS = [
    "wake-0530", "news-0600", "criticism-0700", "advocates-0730", "blog-0830", "leads-0930", "monitor-1000",
    "lunch-1200", "monitor-1200", "video-1300", "microblog-1400", "monitor-1400", "revisit-1500",
    "monitor-1600", "results-1600", "monitor-1800", "analytics-1900", "webinar-2000", "night-owls-2100",
    "last-look-2300",
]

MakeApp = Callable[..., SmmApp]


def cursor(app: SmmApp) -> str | None:
    return app.day_screen.timeline_view.cursor_id


async def test_opens_on_the_running_slot_and_writes_nothing(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.ready
        assert cursor(app) == "blog-0830"
        assert app.day_screen.timeline_view.entry_ids == ROUTINE_IDS
    assert not day_file(data_dir).exists(), "looking at a day must not create its file"


@pytest.mark.parametrize(("keys", "expected"), [
    (("down",), "leads-0930"), (("j",), "leads-0930"), (("j", "j", "k"), "leads-0930"),
    (("up",), "advocates-0730"), (("k",), "advocates-0730"),
    (("g",), "wake-0530"), (("home",), "wake-0530"),
    (("G",), "last-look-2300"), (("end",), "last-look-2300"),
    (("g", "pagedown"), None), (("G", "pageup"), None),
    (("G", "n"), "blog-0830"),
])
async def test_cursor_keys_choose_the_task_that_space_ticks(
    make_app: MakeApp, data_dir: Path, keys: tuple[str, ...], expected: str | None
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        target = cursor(app)
        if expected is not None:
            assert target == expected
        else:  # page keys: moved by a page, somewhere in the middle
            assert target not in (None, "wake-0530", "last-look-2300")
        await pilot.press("space")
        await pilot.pause()
    on_disk = tasks_on_disk(data_dir)
    assert on_disk[target]["status"] == "done"
    assert [t for t, v in on_disk.items() if v["status"] == "done"] == [target]


@pytest.mark.parametrize("key", ["space", "x"])
async def test_toggle_done_and_back(make_app: MakeApp, data_dir: Path, key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        saved = tasks_on_disk(data_dir)["blog-0830"]
        assert saved["status"] == "done"
        assert saved["done_at"].isoformat() == "2026-11-26T09:10:00+01:00"
        await pilot.press(key)
        await pilot.pause()
        assert "done_at" not in tasks_on_disk(data_dir)["blog-0830"]
        assert status_on_disk(data_dir, "blog-0830") == "todo"


async def test_skip_and_unskip(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830") == "skipped"
        await pilot.press("s")
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830") == "todo"


async def test_delete_removes_only_that_task(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "enter")  # a routine slot's task: Enter answers "this day only"
        await pilot.pause()
        assert cursor(app) is not None and cursor(app) != "blog-0830"
    assert sorted(tasks_on_disk(data_dir)) == sorted(set(ROUTINE_IDS) - {"blog-0830"})


async def fill(pilot, **fields: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the task form's fields by id (replacing what is there)."""
    from textual.widgets import Input, Select

    screen = pilot.app.screen
    for name, value in fields.items():
        if name == "kind":
            screen.query_one("#kind", Select).value = value
            continue
        field = screen.query_one(f"#{name}", Input)
        field.focus()
        field.value = ""
        await pilot.press(*value) if value else None
    await pilot.pause()


async def test_add_with_the_form(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "TaskForm"
        await fill(pilot, title="Post the reel", start="11:15", minutes="45", kind="publish",
                   platforms="instagram, tiktok", lead="5", note="with captions")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
        new_cursor = cursor(app)
    added = {k: v for k, v in tasks_on_disk(data_dir).items() if k not in ROUTINE_IDS}
    assert len(added) == 1
    (task_id, task), = added.items()
    assert new_cursor == task_id, "the cursor follows the new task"
    assert task == {"id": task_id, "title": "Post the reel", "start": time(11, 15), "minutes": 45,
                    "kind": "publish", "platforms": ["instagram", "tiktok"], "status": "todo",
                    "note": "with captions", "lead": 5}


async def test_add_form_refuses_invalid_fields_and_writes_nothing(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await fill(pilot, title="Check DMs", start="25:99", minutes="ten", platforms="x, " + "y" * 40)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "TaskForm", "an invalid form must not close"
        errors = {w.id: str(w.render()) for w in form.query(".error") if "-empty" not in w.classes}
        assert set(errors) == {"error-start", "error-minutes", "error-platforms"}
        assert "HH:MM" in errors["error-start"]
        await fill(pilot, start="10:05", minutes="10", platforms="x")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
    titles = [t["title"] for t in tasks_on_disk(data_dir).values()]
    assert titles.count("Check DMs") == 1


async def test_escape_cancels_the_form_without_writing(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await fill(pilot, title="Never mind")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
    assert not day_file(data_dir).exists()


async def test_edit_changes_only_the_edited_fields(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # done first: editing must keep the status and done_at
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#title").value == "Publish the blog post on today's news"  # type: ignore[attr-defined]
        await fill(pilot, title="Publish the long read", minutes="90")
        await pilot.press("ctrl+s")
        await pilot.pause()
    task = tasks_on_disk(data_dir)["blog-0830"]
    assert task["title"] == "Publish the long read"
    assert task["minutes"] == 90
    assert task["status"] == "done" and "done_at" in task
    assert task["start"] == time(8, 30) and task["platforms"] == ["blog"]


async def test_undo_and_redo_many_levels_across_kinds_of_change(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        snapshots = [tasks_on_disk(data_dir)]

        async def step(*keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()
            snapshots.append(tasks_on_disk(data_dir))

        await step("space")                    # toggle blog
        await step("j", "s")                   # skip leads
        await step("g", "d", "enter")          # delete wake (this day only)
        await step("e")
        await fill(pilot, title="Renamed news scan")
        await step("ctrl+s")                   # edit news
        await step("a")
        await fill(pilot, title="Extra slot", start="10:30")
        await step("ctrl+s")                   # add
        changes = [s for s, prev in zip(snapshots[1:], snapshots[:-1], strict=True) if s != prev]
        assert len(changes) == 5
        distinct = [s for i, s in enumerate(snapshots) if i == 0 or s != snapshots[i - 1]]
        for expected in reversed(distinct[:-1]):   # undo all five, checking the file each time
            await pilot.press("u")
            await pilot.pause()
            on_disk = tasks_on_disk(data_dir)
            assert on_disk == expected or (not expected and set(on_disk) == set(ROUTINE_IDS))
        for expected in distinct[1:]:              # and redo them all
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert tasks_on_disk(data_dir) == expected


async def test_undo_with_nothing_to_undo_says_so(make_app: MakeApp, data_dir: Path, notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await pilot.press("u", "ctrl+r")
        await pilot.pause()
    assert [m for _, m in seen] == ["Nothing to undo.", "Nothing to redo."]
    assert not day_file(data_dir).exists()


async def test_previous_next_and_today(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.day == date(2026, 11, 25)
        await pilot.press("g", "space")
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.day == date(2026, 11, 27)
        await pilot.press("t")
        await pilot.pause()
        assert app.day == DAY and cursor(app) == "blog-0830"
    assert status_on_disk(data_dir, "wake-0530", date(2026, 11, 25)) == "done"
    assert not day_file(data_dir).exists() and not day_file(data_dir, date(2026, 11, 27)).exists()


async def test_undo_of_a_change_on_another_day_goes_back_to_that_day(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "right_square_bracket")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert app.day == DAY
    assert status_on_disk(data_dir, "blog-0830") == "todo"


async def test_filter_then_tick_ticks_the_filtered_task(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"kind:meeting", "enter")
        await pilot.pause()
        assert app.day_screen.timeline_view.entry_ids == ["leads-0930", "microblog-1400", "results-1600"]
        await pilot.press("G", "space")
        await pilot.pause()
        assert status_on_disk(data_dir, "results-1600") == "done"
        await pilot.press("escape")
        await pilot.pause()
        assert app.day_screen.timeline_view.entry_ids == ROUTINE_IDS
        assert cursor(app) == "results-1600"


async def test_filter_keys_type_into_the_filter_not_commands(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"quit ads")  # q, u, d, s, a... are text here
        await pilot.pause()
        assert app.is_running and app.day_screen.query_text == "quit ads"
        await pilot.press("escape")
    assert not day_file(data_dir).exists()


async def test_enter_shows_details_and_writes_nothing(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen"
        text = str(app.screen.query_one("Static").render())
        assert "Publish the blog post" in text and "08:30–09:30" in text and "running now" in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
    assert not day_file(data_dir).exists()


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_binding(make_app: MakeApp, data_dir: Path, key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = str(app.screen.query_one("#help-text").render())
        for command in all_commands():
            if command.keys:
                assert command.id in text
            else:  # palette-only rows are summed up in one line
                assert command.palette is not None and command.palette.rsplit(" ", 1)[-1] in text
        assert "export: day as SVG, HTML, iCalendar, Markdown, text, JSON" in text
        for mark in ("[x]", "[~]", "[!]", "[ ]"):
            assert mark in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DayScreen"
    assert not day_file(data_dir).exists()


async def test_q_quits_and_leaves_saved_changes(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "q")
        await pilot.pause()
        assert not app.is_running
    assert status_on_disk(data_dir, "blog-0830") == "done"


async def test_palette_commands_change_the_store(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"task: skip")
        await until_palette_offers(pilot, "task: skip")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    assert status_on_disk(data_dir, "blog-0830") == "skipped"


async def test_palette_theme_is_applied_and_saved_in_config(make_app: MakeApp, config_path: Path) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("# mine\nlead_minutes = 5  # short\n\n[bands]\nlunch = 12:30:00\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"theme: midnight")
        await until_palette_offers(pilot, "theme: midnight")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "midnight"
    text = config_path.read_text()
    assert text == '# mine\ntheme = "midnight"\nlead_minutes = 5  # short\n\n[bands]\nlunch = 12:30:00\n'
    assert tomllib.loads(text)["theme"] == "midnight"


async def test_keymap_from_config_remaps_and_help_shows_it(
    make_app: MakeApp, config_path: Path, data_dir: Path
) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('[keymap]\n"task.toggle" = "z"\n"history.undo" = "ctrl+z"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # no longer bound
        await pilot.pause()
        assert not day_file(data_dir).exists()
        await pilot.press("z")
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830") == "done"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert status_on_disk(data_dir, "blog-0830") == "todo"
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        assert any(line.split()[:1] == ["z"] and "task.toggle" in line for line in text.splitlines())


async def test_mouse_click_selects(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = app.day_screen.timeline_view
        row = view.row_of("lunch-1200")
        assert row is not None
        await pilot.click("#timeline", offset=(10, row - round(view.scroll_offset.y)))
        await pilot.pause()
        assert cursor(app) == "lunch-1200"
        await pilot.press("space")
        await pilot.pause()
    assert status_on_disk(data_dir, "lunch-1200") == "done"
