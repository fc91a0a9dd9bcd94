"""The end-to-end tests' terminal: a private tmux server per test (helpers/tmux.py), killed at the end."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator

import pytest

from helpers.tmux import Terminal


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is required for the end-to-end tests (apt-get install tmux; CI installs it)")
    term = Terminal(f"smm-e2e-{os.getpid()}-{time.monotonic_ns()}")
    try:
        yield term
    finally:
        term.close()
