"""SVG snapshots of the week screen at fixed sizes with the frozen clock (Thursday 26 Nov 09:10).

Monday has its own file with the 07:00 reply done and an extra 06:30 task;
Thursday (today) has one slot done and one skipped; the other days show
their routine. So the pictures hold every mark, the now line on today's
column, a day from a file beside routine days, and a line that only one day
uses. Update after a deliberate change with `pytest tests/ui/test_week_snapshots.py
--snapshot-update` and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest

from helpers.ondisk import DAY
from smm_tui.config import Settings
from smm_tui.core.clock import FrozenClock
from smm_tui.core.history import AddTask
from smm_tui.core.models import Task
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp

MONDAY = date(2026, 11, 23)
MakeApp = Callable[..., SmmApp]


@pytest.fixture
def busy_week(store: Store, clock: FrozenClock) -> Store:
    extra = Task(id="extra", title="Extra early post", start=time(6, 30), minutes=15, kind="publish",
                 platforms=("instagram",))
    # Both done: an added task left open would be offered for carry-over when today opens (a dialog on top).
    store.update_day(MONDAY, lambda d: AddTask(extra).apply(d)[0].set_status("criticism-0700", "done", clock.now())
                     .set_status("extra", "done", clock.now()))
    store.update_day(DAY, lambda d: d.set_status("wake-0530", "done", clock.now())
                     .set_status("news-0600", "skipped", clock.now()))
    return store


def week_app(make_app: MakeApp) -> SmmApp:
    """The app opening on the week, on the test's store (`busy_week`) and frozen clock."""
    return make_app(settings=Settings(), view="week")


def test_week_120x40(snap_compare: Callable[..., bool], make_app: MakeApp, busy_week: Store) -> None:
    assert snap_compare(week_app(make_app), terminal_size=(120, 40))


def test_week_80x24(snap_compare: Callable[..., bool], make_app: MakeApp, busy_week: Store) -> None:
    assert snap_compare(week_app(make_app), terminal_size=(80, 24))


def test_week_agenda_56x24(snap_compare: Callable[..., bool], make_app: MakeApp, busy_week: Store) -> None:
    assert snap_compare(week_app(make_app), terminal_size=(56, 24))
