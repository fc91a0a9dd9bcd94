"""Driving the TUI in torture tests: cheap key delivery, what is on screen, app versus disk.

Why not `pilot.press`: it waits for the process to look idle twice per key
(two 20 ms sleeps at least), about 80 ms a key here - 5,000 keys would take
minutes. `deliver` posts the same `events.Key` the pilot builds, to the same
place (the driver), and then `pilot.pause(0)` waits until the app and the
screen have processed every message queued so far - so each key is handled
before the next one is sent, only without the idle sleeps.

Shared by the TUI torture modules (monkey, two writers, outside edits, clock,
hostile titles, file modes); the UI suite's own fixtures live in tests/ui, and
waiting for a condition (`until`) and the Key event Pilot sends (`key_event`)
in tests/helpers/pilot.py.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

from helpers.pilot import key_event
from smm_tui.core.clock import FrozenClock
from smm_tui.core.models import Day
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp

SIZE = (120, 40)


def new_app(data_dir: Path, config_path: Path, clock: FrozenClock, **kwargs: Any) -> SmmApp:
    """An app on its own freshly opened store (a second app is a second store, like a second process)."""
    kwargs.setdefault("store", Store(data_dir, clock).open())
    kwargs.setdefault("cursor_blink", False)
    return SmmApp(data_dir, config_path, clock, **kwargs)


async def deliver(pilot: Any, *keys: str) -> None:
    """Send keys like a terminal would (back to back) and let the app handle them before returning.

    One key at a time is a careful typist; several are what a terminal's
    input buffer holds when typing outruns the app (or a held key repeats).
    """
    app = pilot.app
    driver = app._driver  # where Pilot.press sends keys too
    assert driver is not None, "the app is not running"
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause(0)


def exited(app: SmmApp) -> bool:
    """True once the app was asked to exit (q, ctrl+q, palette quit)."""
    return bool(getattr(app, "_exit", False))


def crashed(app: SmmApp) -> BaseException | None:
    return getattr(app, "_exception", None)


def screen_lines(app: SmmApp) -> list[str]:
    """Every line of the whole screen (all layers: modals, toasts) as plain text."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_segments(app: SmmApp) -> list[str]:
    """The text of every segment the screen would send to the terminal (what must be control-free)."""
    return [segment.text for strip in app.screen._compositor.render_strips() for segment in strip]


def assert_app_matches_disk(app: SmmApp, data_dir: Path, clock: FrozenClock, what: str = "") -> Day | None:
    """The day the app holds (model and timeline) is exactly what a fresh Store reads from disk.

    Returns the day, or None when the app shows a problem instead of a day
    (then the problem must be what reading the file says too).
    """
    state = app.state
    assert state is not None, f"{what}: the app holds no day"
    reader = Store(data_dir, clock)
    if state.problem:
        from smm_tui.core.errors import DataError

        try:
            reader.load_day(state.day)
        except DataError:
            return None
        raise AssertionError(f"{what}: the app shows a problem ({state.problem}) but the file reads fine")
    on_disk = reader.load_day(state.day)
    assert state.model == on_disk, f"{what}: the app's {state.day} differs from the file: {day_diff(state.model, on_disk)}"
    assert state.timeline is not None
    shown = {e.id: (e.status, e.title) for e in state.timeline.entries}
    assert shown == {t.id: (t.status, t.title) for t in on_disk.tasks}, f"{what}: the timeline differs from the file"
    return on_disk


def day_diff(mine: Day | None, disk: Day) -> str:
    """What differs between two versions of a day, task by task (for failure messages)."""
    if mine is None:
        return "the app has no model"
    out = [f"{name}: app {getattr(mine, name)!r} disk {getattr(disk, name)!r}"
           for name in type(disk).model_fields if name != "tasks" and getattr(mine, name) != getattr(disk, name)]
    app_tasks = {t.id: t for t in mine.tasks}
    disk_tasks = {t.id: t for t in disk.tasks}
    for task_id in sorted(set(app_tasks) | set(disk_tasks)):
        a, d = app_tasks.get(task_id), disk_tasks.get(task_id)
        if a != d:
            out.append(f"{task_id}: app {a!r} disk {d!r}")
    return "; ".join(out) or "(equal fields, different order?)"


def day_of(data_dir: Path, clock: FrozenClock, day: date) -> Day:
    return Store(data_dir, clock).load_day(day)


async def settle(pilot: Any, rounds: int = 3) -> None:
    """A few message rounds (call_later chains) without the idle sleeps."""
    for _ in range(rounds):
        await pilot.pause(0)
        await asyncio.sleep(0)
