"""Without caldav (the optional extra `smm-tui[sync]`) sync says in one line how to install it.

caldav is not uninstalled: `sys.modules["caldav"] = None` makes both its import
and `importlib.util.find_spec` answer "not installed", as on a base install.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sync_helpers import app_for, settings_for

from helpers.pilot import until
from smm_tui.cli import main
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.widgets.header import DayHeader

HINT = "pip install 'smm-tui[sync]'"


@pytest.fixture
def no_caldav(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "caldav", None)


def test_sync_without_the_extra_is_one_line_and_exit_1(no_caldav: None, config_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('[sync]\nurl = "http://127.0.0.1:9/alice/smm/"\n')
    for args in (["sync"], ["sync", "--status"], ["sync", "--dry-run"]):
        assert main(args) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err.splitlines() == [f"smm-tui sync needs the CalDAV extra: {HINT}"]


async def test_the_app_without_the_extra_says_how_to_install_it(no_caldav: None, store: Store, clock: FrozenClock,
                                                                tmp_path: Path) -> None:
    settings = settings_for("http://127.0.0.1:9/alice/smm/")
    app = app_for(store, clock, settings, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        header = app.day_screen.query_one(DayHeader)
        await until(pilot, lambda: HINT in header.sync_line, "the header's install line")
        assert header.sync_failed
        assert HINT in app.notices.status_text
        assert app.syncing is not None and app.syncing.worker is None  # no round, no status read
        # The status line mounts after the first frame and then shows what was said before it (the install
        # line); a message said in between is overwritten by that replay, so wait until it is done.
        await until(pilot, lambda: bool(app.day_screen.query("StatusLine")) and app.notices._status is None,
                    "the status line, showing what came before it")
        app.notices.say("something else")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: HINT in app.notices.status_text, "ctrl+s's install line")
        assert app.syncing.worker is None and app.syncing.rounds == 0
