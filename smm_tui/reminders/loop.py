"""`smm-tui remind`: the reminder service without the UI, until SIGINT or SIGTERM.

Scheduling: one wait until the next reminder, never longer than the coarse
check interval (`reminders.check_seconds`, 30 s by default). Every wake-up
polls the service, which re-reads the day files (outside edits, `smm-tui done`
in another terminal) and compares the wall clock with the last instant it
looked at - so a suspend or a clock jump shows up as one "missed while away"
digest, whatever the monotonic clock did meanwhile. The wait is a `select` on
a self-pipe that the signal handlers write to (signal.set_wakeup_fd): no busy
loop, no polling faster than needed, and a signal ends the wait at once.
The handlers only set a flag; the loop finishes its step, saves the state
and returns 0 (waiting at most notify_timeout for a notify_command that is
still running).

Each delivery is printed as one line on stdout (flushed, control characters
escaped) and handed to notify_command on a worker thread; problems go to
stderr, once each.
"""

from __future__ import annotations

import os
import select
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from types import FrameType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from smm_tui.core.clock import Clock
    from smm_tui.reminders.deliveries import Delivery
    from smm_tui.reminders.service import ReminderService

    Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers
    """What signal.signal takes and returns (None: a handler not installed from Python)."""

PROG = "smm-tui remind"
_SLACK = 0.005
"""Seconds added to each wait so that we wake just after a reminder is due, not just before."""


class StopSignals:
    """SIGINT/SIGTERM set a flag and wake `wait`; installed for the loop's lifetime only."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._old: dict[int, Handler | None] = {}
        self._old_fd = -1

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum

    def __enter__(self) -> StopSignals:
        self._old_fd = signal.set_wakeup_fd(self._write)
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._old.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        signal.set_wakeup_fd(self._old_fd)
        os.close(self._read)
        os.close(self._write)

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True as soon as a stop signal has arrived."""
        if self.received is None and seconds > 0:
            ready, _, _ = select.select([self._read], [], [], seconds)
            if ready:
                try:
                    while os.read(self._read, 512):
                        pass
                except BlockingIOError:
                    pass
        return self.received is not None


def emit(
    service: ReminderService, out: TextIO, err: TextIO, now: datetime | None = None,
    notify: Callable[[Delivery], object] | None = None,
) -> int:
    """One poll: print every delivery, hand it to notify_command, report problems; returns the count."""
    delivered = service.poll(now)
    for delivery in delivered:
        out.write(delivery.line() + "\n")
        out.flush()
    for delivery in delivered:
        (notify or service.notify)(delivery)
    report(service, err)
    return len(delivered)


def report(service: ReminderService, err: TextIO) -> None:
    for problem in service.problems():
        err.write(f"{PROG}: warning: {problem}\n")
        err.flush()


def run(service: ReminderService, clock: Clock, out: TextIO, err: TextIO) -> int:
    """Deliver reminders until SIGINT/SIGTERM; returns the exit status (0).

    notify_command runs on one worker thread, so a slow notifier (up to
    notify_timeout) never delays the next reminder's line.
    """
    notifier = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notify")
    with StopSignals() as stop:
        try:
            now = clock.now()
            wake = service.next_wake(now)
            nxt = f"next reminder at {wake.astimezone(now.tzinfo):%H:%M}" if wake else "no reminder pending"
            err.write(f"{PROG}: watching {service.store.data_dir}; {nxt} (Ctrl-C to stop)\n")
            err.flush()
            while not stop.received:
                emit(service, out, err, notify=lambda d: notifier.submit(service.notify, d))
                if stop.wait(service.sleep_seconds() + _SLACK):
                    break
        finally:
            service.close()
            notifier.shutdown(wait=True, cancel_futures=True)
            report(service, err)
    return 0
