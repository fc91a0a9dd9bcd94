"""Fixtures of the CLI tests: the command line run in-process through cli.main (fast), on the frozen clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from smm_tui.cli import main
from smm_tui.core.clock import FrozenClock


@pytest.fixture
def cli(clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`cli("move", "1", ...)` runs `smm-tui move 1 ...` in this process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args), clock)
        out, err = capsys.readouterr()
        return code, out, err

    return run
