"""Fixtures shared by the unit tests of the exporters."""

from __future__ import annotations

from datetime import date

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store

WORKED_DAY = date(2026, 11, 26)


@pytest.fixture
def worked(store: Store, clock: FrozenClock) -> Store:
    """The reference Thursday at 09:10 with the first slot done and the second skipped."""
    store.update_day(WORKED_DAY, lambda d: d.toggle("wake-0530", clock.now()).set_status("news-0600", "skipped", clock.now()))
    return store
