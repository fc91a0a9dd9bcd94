"""Torture tests report their figures (trials, kills mid-write, ...) at the end of the run.

Tests call `harness.report(name, **figures)`; pytest prints them in a
"torture report" section of the terminal summary, and SMM_TORTURE_REPORT=path
also writes them as JSON. SMM_TORTURE_SEED replays a run with other random
choices (the default seed is fixed, so CI runs are reproducible).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import harness
import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store


@pytest.fixture
def cli_env(data_dir: Path, clock: FrozenClock) -> Iterator[dict[str, str]]:
    """Environment for `smm-tui` subprocesses on a data dir that has a day file (frozen clock)."""
    store = Store(data_dir, clock).open()
    store.update_day(clock.now().date(), lambda d: d.toggle("wake-0530", clock.now()))
    assert clock.now().date() == date(2026, 11, 26)
    yield dict(os.environ, SMM_TUI_NOW=clock.now().isoformat())


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not harness.REPORTS:
        return
    terminalreporter.section("torture report")
    for name, figures in harness.REPORTS.items():
        terminalreporter.write_line(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    if target := os.environ.get("SMM_TORTURE_REPORT"):
        with open(target, "w", encoding="utf-8") as handle:
            json.dump({"seed": harness.SEED, **harness.REPORTS}, handle, indent=2, default=str)
