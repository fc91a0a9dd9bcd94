"""Keys typed right behind `q`, in one burst, do nothing: the app is closing and its screens are half gone.

The torture monkey found `q v`: the `v` mounted the scaled view into a body
being taken down (MountError); `q a` and `q e` pushed a form that failed
looking for its fields. Either was a traceback on the way out. The day
screen refuses every action once the app is closing (`check_action`), and
the list a scaled start mounts late is not mounted then either.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from helpers.pilot import key_event
from smm_tui.ui.app import SmmApp
from smm_tui.ui.commands import all_commands

KEYS = sorted({key for command in all_commands() for key in command.keys.split(",") if key} - {"q", "ctrl+q"})


@pytest.mark.parametrize("view", ["day", "scale"])
@pytest.mark.parametrize("key", KEYS)
async def test_a_key_right_behind_q_does_nothing(make_app: Callable[..., SmmApp], key: str, view: str) -> None:
    app = make_app(view=view)
    async with app.run_test(size=(120, 40)) as pilot:
        driver = app._driver  # back to back, as a terminal's input buffer holds them (Pilot.press waits)
        assert driver is not None
        for pressed in ("q", key):
            event = key_event(pressed)
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause()
    assert getattr(app, "_exception", None) is None
    assert app.return_code == 0
