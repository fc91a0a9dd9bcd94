"""File modes after TUI actions, whatever the umask: every file 0600, every directory 0700.

The actions: ticks enough to rotate every backup, undo (another save), a
reminder delivered (state/reminders.toml written on exit), a theme chosen
in the palette (config.toml's theme line rewritten), an export from the
dialog (the exported file; its folder is the user's and keeps its mode).
The app starts on a data dir that does not exist yet, so it creates every
directory itself under the wide umask.
"""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from harness import assert_private
from textual.command import CommandPalette
from textual.widgets import Input
from tui import SIZE, crashed, deliver, new_app, settle

from helpers.pilot import until
from smm_tui.core.backups import BACKUPS
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.screens.day import DayScreen

pytestmark = pytest.mark.torture


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
async def test_files_stay_private_after_ticks_theme_and_export(
    data_dir: Path, config_path: Path, clock: FrozenClock, tmp_path: Path, umask: int
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir(mode=0o755)
    os.chmod(exports, 0o755)
    previous = os.umask(umask)
    try:
        assert not data_dir.exists() and not config_path.parent.exists()
        app = new_app(data_dir, config_path, clock)  # opens (creates) the data dir under this umask
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(BACKUPS + 2):  # every backup generation rotated
                await deliver(pilot, "space")
                await settle(pilot)
            await deliver(pilot, "u")  # undo: one more save
            clock.advance(timedelta(minutes=10))  # 09:20: a reminder, so the reminder state is saved
            app.reminders.check()  # type: ignore[union-attr]
            await deliver(pilot, "ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
            for key in "theme: paper":
                await deliver(pilot, key)
            await pilot.pause()
            await deliver(pilot, "enter")
            await until(pilot, lambda: config_path.exists() and app.theme == "paper", "the theme saved")
            await deliver(pilot, "E")
            await until(pilot, lambda: type(app.screen).__name__ == "ExportDialog", "the export dialog")
            app.screen.query_one("#folder", Input).value = str(exports)
            await deliver(pilot, "ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, DayScreen), "the export written")
            assert crashed(app) is None
        store = Store(data_dir, clock)
        assert store.backup_path(clock.now().date(), BACKUPS).exists(), "every backup was rotated"
        assert (data_dir / "state" / "reminders.toml").exists()
        assert (data_dir / ".cache").is_dir()
    finally:
        os.umask(previous)
    assert_private(data_dir)
    assert 'theme = "paper"' in config_path.read_text()
    assert mode(config_path) == 0o600
    assert mode(config_path.parent) == 0o700, "the config dir the app created"
    written = list(exports.iterdir())
    assert [p.name for p in written] == ["smm-day-2026-11-26.svg"]
    assert mode(written[0]) == 0o600
    assert mode(exports) == 0o755, "the user's folder is left as it was"
    assert not [p for p in config_path.parent.rglob("*") if p.is_file() and mode(p) != 0o600]
