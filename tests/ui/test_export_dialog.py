"""The export dialog: E and the palette, each format to a folder, overwrite confirmation, bad folders.

Files are checked on disk: the svg parses as XML, the ics with icalendar.
"""

from __future__ import annotations

import errno
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest

from helpers.ondisk import DAY
from helpers.pilot import until_palette_offers
from smm_tui.config import Settings
from smm_tui.core.store import Store
from smm_tui.themes.spec import builtin_themes
from smm_tui.ui.app import SmmApp

SIZE = (120, 40)
MakeApp = Callable[..., SmmApp]
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "exports"
    out.mkdir()
    return out


def screen_name(app: SmmApp) -> str:
    return type(app.screen).__name__


async def open_dialog(pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    assert screen_name(pilot.app) == "ExportDialog"


async def set_folder(pilot: Any, path: str) -> None:
    from textual.widgets import Input

    field = pilot.app.screen.query_one("#folder", Input)
    field.value = path
    field.focus()
    await pilot.pause()


def exported(app: SmmApp, notes: list[tuple[str, str]]) -> list[str]:
    return [m for _, m in notes if m.startswith("Exported ")]


async def test_e_exports_svg_to_the_folder_and_says_where(make_app: MakeApp, folder: Path, notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await open_dialog(pilot, "E")
        dialog = app.screen
        assert dialog.fmt == "svg" and "File: smm-day-2026-11-26.svg" in str(dialog.query_one("#file-name").render())
        await pilot.press("enter")  # Enter on the format list exports
        await pilot.pause()
        assert screen_name(app) == "DayScreen"
    path = folder / "smm-day-2026-11-26.svg"
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "Follow up with sales and marketing on social leads" in texts
    assert exported(app, seen) == [f"Exported Thursday 26 November 2026 to {path}"]
    assert (path.stat().st_mode & 0o777) == 0o600


async def test_palette_command_picks_the_format_ics_parses(make_app: MakeApp, folder: Path, notes) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await pilot.press("ctrl+p")
        await pilot.press(*"export: day as iCalendar")
        await until_palette_offers(pilot, "iCalendar")
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ExportDialog" and app.screen.fmt == "ics"
        await pilot.press("ctrl+s")
        await pilot.pause()
    calendar = icalendar.Calendar.from_ical((folder / "smm-day-2026-11-26.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 20
    assert {str(e["UID"]) for e in events} >= {"2026-11-26-leads-0930@smm-tui.invalid"}
    assert calendar.walk("VTIMEZONE"), "the day's zone is included"
    assert app.exports.format == "ics" and app.exports.folder == folder, "remembered for the session"
    assert len(exported(app, seen)) == 1


@pytest.mark.parametrize("fmt", ["html", "md", "txt", "json"])
async def test_each_other_format(make_app: MakeApp, folder: Path, fmt: str) -> None:
    app = make_app()
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        app.exports.open(app, fmt)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    data = (folder / f"smm-day-2026-11-26.{fmt}").read_text()
    if fmt == "json":
        assert json.loads(data)["date"] == "2026-11-26"
    elif fmt == "html":
        assert "<svg" in data and "</html>" in data.lower()
    elif fmt == "md":
        assert "- [ ] 09:30" in data
    else:
        assert data.startswith("Thursday 26 November 2026")


async def test_arrows_choose_the_format_and_the_folder_field_takes_a_path(make_app: MakeApp, folder: Path,
                                                                         tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "E")
        await pilot.press("down", "down", "down")  # svg -> html -> ics -> md
        await pilot.pause()
        assert app.screen.fmt == "md"
        await set_folder(pilot, str(folder))
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "DayScreen"
    assert (folder / "smm-day-2026-11-26.md").exists()


async def test_svg_uses_the_apps_current_theme(make_app: MakeApp, folder: Path) -> None:
    app = make_app(settings=Settings(theme="midnight"))
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "midnight"
        await open_dialog(pilot, "E")
        await pilot.press("ctrl+s")
        await pilot.pause()
    svg = (folder / "smm-day-2026-11-26.svg").read_text()
    midnight = builtin_themes()["midnight"]
    assert midnight.colors.background is not None and midnight.colors.background.upper() in svg.upper()
    assert midnight.kind_colors()["meeting"].upper() in svg.upper()


# --- overwriting, bad folders, failed writes --------------------------------------------------


async def test_existing_file_is_replaced_only_after_yes(make_app: MakeApp, folder: Path) -> None:
    target = folder / "smm-day-2026-11-26.md"
    target.write_text("my notes\n")
    app = make_app()
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        app.exports.open(app, "md")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(app) == "ConfirmReplace"
        question = str(app.screen.query_one("#question").render())
        assert question == f"smm-day-2026-11-26.md already exists in {folder}. Replace it?"
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "ExportDialog"
        assert "the existing file was kept" in app.screen.error_text
        assert target.read_text() == "my notes\n"
        await pilot.press("enter")  # export again (Enter on the format list) ...
        await pilot.pause()
        assert screen_name(app) == "ConfirmReplace"
        await pilot.press("enter")  # ... and Enter on the confirmation's default button keeps the file
        await pilot.pause()
        assert screen_name(app) == "ExportDialog" and target.read_text() == "my notes\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(app) == "ConfirmReplace"
        await pilot.press("y")
        await pilot.pause()
        assert screen_name(app) == "DayScreen"
    assert target.read_text().startswith("# ")


async def test_a_symlink_is_written_through_after_confirming(make_app: MakeApp, folder: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    link = folder / "smm-day-2026-11-26.svg"
    link.symlink_to(victim)
    app = make_app()
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "E")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(app) == "ConfirmReplace"
        assert "is a symlink" in str(app.screen.query_one("#question").render())
        await pilot.press("y")
        await pilot.pause()
    assert link.is_symlink() and victim.read_text().startswith("<?xml")


@pytest.mark.parametrize(("entered", "expected"), [
    ("{tmp}/nowhere", "{tmp}/nowhere: no such folder"),
    ("{tmp}/exports/file.txt", "{tmp}/exports/file.txt: is not a folder"),
    ("", "Choose a folder to export to."),
])
async def test_a_bad_folder_is_one_line_and_the_dialog_stays(make_app: MakeApp, folder: Path, tmp_path: Path,
                                                             entered: str, expected: str) -> None:
    (folder / "file.txt").write_text("")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "E")
        await set_folder(pilot, entered.format(tmp=tmp_path))
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ExportDialog"
        assert app.screen.error_text == expected.format(tmp=tmp_path)
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "DayScreen"
    assert sorted(p.name for p in folder.iterdir()) == ["file.txt"]


async def test_a_failed_write_is_one_line(make_app: MakeApp, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("smm_tui.core.atomicfile.write_atomic", disk_full)
    app = make_app()
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, "E")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(app) == "ExportDialog"
        error = app.screen.error_text
    assert error == f"Not exported: {folder / 'smm-day-2026-11-26.svg'}: cannot write the export (No space left on device)"
    assert list(folder.iterdir()) == []


async def test_a_broken_day_file_is_one_line(make_app: MakeApp, folder: Path, data_dir: Path, store: Store) -> None:
    app = make_app()
    app.exports.folder = folder
    async with app.run_test(size=SIZE) as pilot:
        (data_dir / "days").mkdir(exist_ok=True)
        (data_dir / "days" / f"{DAY.isoformat()}.toml").write_text("date = 2026-11-26\ntasks = 3\n")
        await open_dialog(pilot, "E")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.error_text
    assert error.startswith(f"Not exported: {data_dir / 'days' / '2026-11-26.toml'}") and "\n" not in error
    assert list(folder.iterdir()) == []


def test_default_folder_is_where_smm_tui_started_else_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smm_tui.ui.screens.export import default_folder

    monkeypatch.chdir(tmp_path)
    assert default_folder() == tmp_path
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.chdir(locked)
    monkeypatch.setattr("os.access", lambda path, mode: Path(path) != locked)
    assert default_folder() == Path.home(), "not writable: no Documents folder here, so home"
