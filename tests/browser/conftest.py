"""Fixtures of the browser tests: the reference day, worked on a little."""

from __future__ import annotations

from datetime import date

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store


@pytest.fixture
def worked(store: Store, clock: FrozenClock) -> Store:
    """The reference Thursday at 09:10 with the first slot done and the second skipped."""
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now())
                     .set_status("news-0600", "skipped", clock.now()))
    return store
