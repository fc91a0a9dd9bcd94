"""UI test fixtures: an SmmApp on a temporary store with a frozen clock, and the days the screens are tested on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from history_fixture import build_history

from helpers.ondisk import DAY
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp


@pytest.fixture
def make_app(data_dir: Path, config_path: Path, clock: FrozenClock, store: Store) -> Callable[..., SmmApp]:
    """Build the app as tests need it: the test's store and frozen clock, no cursor blink."""

    def make(**kwargs: Any) -> SmmApp:
        kwargs.setdefault("store", store)
        kwargs.setdefault("cursor_blink", False)
        return SmmApp(data_dir, config_path, clock, **kwargs)

    return make


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> Callable[[SmmApp], list[tuple[str, str]]]:
    """Record an app's notifications as (severity, message) pairs."""

    def attach(app: SmmApp) -> list[tuple[str, str]]:
        seen: list[tuple[str, str]] = []
        real = app.notify

        def notify(message: str, **kwargs: Any) -> None:
            seen.append((kwargs.get("severity", "information"), message))
            real(message, **kwargs)

        monkeypatch.setattr(app, "notify", notify)
        return seen

    return attach


@pytest.fixture
def history(store: Store, clock: FrozenClock) -> list[date]:
    """The statistics and search screens' small fixed history (history_fixture.py), saved in the store."""
    return build_history(store, clock)


@pytest.fixture
def quiet_day(store: Store, clock: FrozenClock) -> Store:
    """Today with the 07:00 reply slot done: no nags, the next reminder is the 09:20 lead of the 09:30 meeting."""
    store.update_day(DAY, lambda d: d.set_status("criticism-0700", "done", clock.now()))
    return store
