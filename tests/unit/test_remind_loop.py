"""The headless loop in-process: a signal ends it after the current step, and it tidies up after itself."""

from __future__ import annotations

import io
import os
import signal
import tomllib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from smm_tui.config import Settings
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.reminders.loop import StopSignals, run
from smm_tui.reminders.service import STATE, ReminderService


class SignalOnFirstLine(io.StringIO):
    """stdout that sends us `signum` as soon as the first reminder line is written."""

    def __init__(self, signum: int) -> None:
        super().__init__()
        self.signum = signum
        self.sent = False

    def write(self, text: str) -> int:
        written = super().write(text)
        if "\n" in text and not self.sent:
            self.sent = True
            os.kill(os.getpid(), self.signum)
        return written


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_loop_after_the_step_and_restores_handlers(store: Store, signum: int) -> None:
    clock = FrozenClock(datetime(2026, 11, 26, 7, 0, tzinfo=ZoneInfo("Europe/Berlin")), "Europe/Berlin")
    service = ReminderService(store, Settings(), clock)
    before = signal.getsignal(signum)
    out, err = SignalOnFirstLine(signum), io.StringIO()
    assert run(service, clock, out, err) == 0
    assert out.getvalue().startswith("07:00  start  07:00  Answer overnight criticism")
    assert out.getvalue().count("\n") == 1
    assert err.getvalue().startswith(f"smm-tui remind: watching {store.data_dir}; next reminder at 07:20")
    assert signal.getsignal(signum) is before, "the handler is put back"
    previous_fd = signal.set_wakeup_fd(-1)
    assert previous_fd == -1, "the wake-up fd is put back"
    doc = tomllib.loads(store.state_path(STATE).read_text())
    assert "2026-11-26|criticism-0700|start|07:00" in doc["fired"]


def test_wait_times_out_without_a_signal() -> None:
    with StopSignals() as stop:
        assert stop.wait(0.01) is False
        assert stop.wait(0) is False
