"""notify_command runs in its own process group: a timeout kills the group, output is capped, and a
background child left behind does not make the command "not finishing"."""

from __future__ import annotations

import os
import signal
import time

import pytest

from helpers.processes import group_alive, wait_until_gone
from smm_tui.reminders.notify import OUTPUT_CAP, Notifier, run_capped


def test_a_timeout_kills_the_whole_group_not_only_the_shell() -> None:
    started = time.monotonic()
    outcome = run_capped(["sh", "-c", "sleep 1000; echo never"], 0.5)
    assert outcome.returncode is None and time.monotonic() - started < 5
    assert wait_until_gone(outcome.pid, 5), "sleep was left running"


def test_a_background_child_does_not_make_it_not_finishing() -> None:
    started = time.monotonic()
    outcome = run_capped(["sh", "-c", "sleep 30 & exit 0"], 5)
    try:
        assert outcome.returncode == 0 and time.monotonic() - started < 2
    finally:
        if group_alive(outcome.pid):
            os.killpg(outcome.pid, signal.SIGKILL)  # the child the test itself started
    # Through the Notifier too (its child ends by itself a moment later).
    assert Notifier(["sh", "-c", "sleep 1 & exit 0"], 5).send({}) is None


@pytest.mark.parametrize("stream", ["", ">&2"])
def test_a_flood_of_output_is_capped_and_stopped(stream: str) -> None:
    started = time.monotonic()
    outcome = run_capped(["sh", "-c", f"yes flood {stream}"], 1.0)
    assert outcome.returncode is None and time.monotonic() - started < 5
    assert len(outcome.stderr) <= OUTPUT_CAP
    assert wait_until_gone(outcome.pid, 5)


def test_the_first_line_of_stderr_is_the_reason() -> None:
    notifier = Notifier(["sh", "-c", "echo first >&2; echo second >&2; exit 4"], 5)
    assert notifier.send({}) == ("notify_command failed: sh exited with status 4: first "
                                 "(reported once; reminders are still shown here)")
    assert notifier.send({}) is None  # reported once
