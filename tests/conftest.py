"""Shared fixtures: nothing a test does may touch the developer's real home or clock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
# A Thursday: weekday slots (meetings) are part of the day.
FROZEN_AT = datetime(2026, 11, 26, 9, 10, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every smm-tui and XDG location at a temporary home, in the Europe/Berlin zone."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("SMM_TUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("SMM_TUI_CONFIG", str(home / "config" / "config.toml"))
    monkeypatch.delenv("SMM_TUI_THEMES_DIR", raising=False)
    monkeypatch.delenv("SMM_TUI_NOW", raising=False)
    monkeypatch.delenv("SMM_TUI_DEBUG", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield home
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(FROZEN_AT, "Europe/Berlin")


@pytest.fixture
def data_dir(isolated_env: Path) -> Path:
    return isolated_env / "data"


@pytest.fixture
def config_path(isolated_env: Path) -> Path:
    return isolated_env / "config" / "config.toml"


@pytest.fixture
def store(data_dir: Path, clock: FrozenClock) -> Store:
    return Store(data_dir, clock).open()


@pytest.fixture
def worked(store: Store, clock: FrozenClock) -> Store:
    """The reference Thursday at 09:10 with the first slot done and the second skipped (the exporters' day)."""
    store.update_day(date(2026, 11, 26), lambda d: d.toggle("wake-0530", clock.now())
                     .set_status("news-0600", "skipped", clock.now()))
    return store
