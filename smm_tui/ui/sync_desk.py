"""Sync in the app: a round on a worker every `interval_minutes` and on ctrl+s, its state in the header.

Started by the app once the store and settings are loaded (`SyncDesk.start`),
and only when `[sync] url` is set; never on the first-paint path (this
module is imported then, and caldav with its HTTP stack - about 0.3 s - only
on the round's thread).

A round is what `smm-tui sync` does (`sync.service`: the meetings calendar,
then `sync_once`), run by a worker on a thread of its own so that no key
waits for the network, quitting included (`on_daemon_thread`). The round
opens its own `Store` on the data dir, as another process would: every
write it makes takes the data dir's lock and goes through the store's save
path, and the app notices the changed day files by their signature and
reloads the day on screen (`DayView.poll`, the path for outside edits) as
soon as the round is over. After every change of the days (here or outside)
a status read - no network - counts again what is pending for the server.

One round at a time. Textual's `exclusive=True` is not used: it cancels the
running worker and starts the new one, and a thread in the middle of a
request cannot be stopped, so two rounds would run side by side. Instead a
round that is asked for while one runs is not started: ctrl+s says so in the
status line and the timer's tick is skipped (the next tick comes).

The header shows the state as one short segment ("never synced",
"syncing…", "synced 10:42 · 0 pending", "sync failed 10:45: the server
answered 503 to the listing"); a failure is also one line in the status line,
never a toast (a server that is down for an hour would otherwise pile up a
dozen). Messages come from the sync service, which never puts the password
in one; the header escapes them like all user text.

The desk drives the app through the `SyncHost` Protocol and never imports it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.worker import Worker, WorkerState

from smm_tui.core.errors import SmmError
from smm_tui.sync.available import missing
from smm_tui.ui.widgets.header import DayHeader

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.store import Store
    from smm_tui.core.sync.engine import Window
    from smm_tui.ui.day_view import DayView
    from smm_tui.ui.notices import Notices

GROUP = "sync"
"""The worker group of sync rounds (and of the first status read)."""


class SyncHost(Protocol):
    """What the desk asks of the app: Textual's timers and workers, the store, the day view, notices."""

    clock: Clock
    settings: Settings | None
    store: Store | None
    days: DayView
    syncing: SyncDesk | None

    @property
    def notices(self) -> Notices: ...

    @property
    def day_screen(self) -> Screen[Any]: ...

    def set_interval(self, interval: float, callback: Callable[[], object] | None = ..., *,
                     name: str | None = ...) -> Timer: ...

    def run_worker(self, work: Callable[[], Any], name: str | None = ..., group: str = ..., *,
                   exit_on_error: bool = ...) -> Worker[Any]: ...


@dataclass(frozen=True)
class Result:
    """What a worker found (made on the worker's thread, shown on the app's)."""

    at: datetime
    """When the work ended (the app's clock)."""
    ok: bool
    line: str
    """The round's summary line, or its one-line error."""
    pending: int | None = None
    """Local changes not yet on the server (None: not known)."""
    last_sync: datetime | None = None
    """The last complete round on record."""
    round: bool = False
    """True for a round, False for a status read (no network)."""


def request(host: SyncHost) -> None:
    """ctrl+s: a round now, or a line saying why not."""
    if host.syncing is not None:
        host.syncing.sync_now(asked=True)
    elif host.settings is not None and host.settings.sync.url is None:
        host.notices.say("Sync is not set up: add a [sync] section with url = … to config.toml (see docs/sync.md).",
                         severity="warning")
    else:
        host.notices.say("Sync is not available until the data dir is open.", severity="warning")


def short(line: str) -> str:
    """A service error without its "sync: <server>:" prefix (the header has room for the reason only)."""
    text = line.splitlines()[0] if line else ""
    text = text.removeprefix("sync: ")
    head, sep, rest = text.partition(": ")
    if sep and "://" in head:
        text = rest
    return text


async def on_daemon_thread(work: Callable[[], Result]) -> Result:
    """`work` on a daemon thread, awaited by the (async) worker.

    Not a `thread=True` worker: those run on asyncio's default executor, which
    the interpreter joins at exit, so quitting during a round would wait for
    a server that does not answer (up to `timeout_seconds` per request). A
    daemon thread is not waited for; stopping the process in the middle of a
    round is what killing `smm-tui sync` does, which loses nothing (every
    write is atomic, the status file is written last, the next round
    converges).
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[Result] = loop.create_future()

    def settle(result: Result | None, error: BaseException | None) -> None:
        if done.done():
            return
        if result is not None:
            done.set_result(result)
        else:
            done.set_exception(error or RuntimeError("no result"))

    def run() -> None:
        result, error = None, None
        try:
            result = work()  # failures the user can fix come back as a Result (see _round)
        except BaseException as exc:  # noqa: BLE001 - anything else ends the worker (ERROR), not the thread silently
            error = exc
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:
            pass  # the app has gone: nobody is waiting

    threading.Thread(target=run, name="smm-tui sync", daemon=True).start()
    return await done


class SyncDesk:
    """Sync rounds on the app's timer and on ctrl+s; see the module docstring."""

    seconds_per_minute = 60.0
    """`interval_minutes` is multiplied by this (tests set it lower to see a tick within a test's time)."""
    at_start = True
    """Run a round right after the start-up status read (tests of the quiet states turn it off)."""

    def __init__(self, app: SyncHost, settings: Settings, data_dir: Path) -> None:
        self.app = app
        self.settings = settings
        self.data_dir = data_dir
        self.worker: Worker[Result] | None = None
        """The round or status read running now; None when idle. Never more than one."""
        self.round_wanted = False
        """A round was asked for while a status read ran: it starts when that ends."""
        self.recount = False
        """The days changed while a worker ran: count what is pending again when it ends."""
        self.known = False
        """A status read or a round has ended (before that the header shows nothing)."""
        self.last_sync: datetime | None = None
        self.pending: int | None = None
        self.failure: Result | None = None
        """The last round, when it failed (until a round succeeds)."""
        self.rounds = 0
        """Rounds ended in this app (tests wait on it)."""
        self.unavailable: str | None = None
        """Why no round can run here (caldav, the `[sync]` extra, is not installed); shown in the header."""

    @classmethod
    def start(cls, app: SyncHost) -> None:
        """Once loaded, with a store and `[sync] url`: read the status, then a round, then the timer."""
        if app.store is None or app.settings is None or app.settings.sync.url is None or app.syncing is not None:
            return
        desk = app.syncing = cls(app, app.settings, app.store.data_dir)
        desk.unavailable = missing()
        if desk.unavailable is not None:  # no caldav (the optional extra): say how to install it, run nothing
            app.notices.say(desk.unavailable, severity="warning")
            desk._show()
            return
        app.set_interval(app.settings.sync.interval_minutes * cls.seconds_per_minute, desk.tick, name="sync")
        desk.round_wanted = cls.at_start
        desk._run(desk._read_status, "sync-status")

    # --- starting work ------------------------------------------------------------------

    def tick(self) -> None:
        """The interval timer: a round unless one is running (then this tick is skipped)."""
        self.sync_now(asked=False)

    def sync_now(self, *, asked: bool) -> None:
        """A round now; `asked` (ctrl+s) says so in the status line when one is already running."""
        if self.unavailable is not None:
            self.app.notices.say(self.unavailable, severity="warning")
            return
        if self.worker is None:
            self._run(self._round, "sync-round")
        elif not self.running:
            self.round_wanted = True
        elif asked:
            self.app.notices.say("Sync is already running.")

    def days_changed(self) -> None:
        """A day was saved or reloaded (the day view calls this): count what is pending again."""
        if self.worker is None:
            self._run(self._read_status, "sync-status")
        else:
            self.recount = True

    def _run(self, work: Callable[[], Result], name: str) -> None:
        self.worker = self.app.run_worker(partial(on_daemon_thread, work), name=name, group=GROUP,
                                          exit_on_error=False)
        self._show()

    @property
    def running(self) -> bool:
        """A round (not a status read) is running."""
        return self.worker is not None and self.worker.name == "sync-round"

    # --- on the worker's thread ---------------------------------------------------------

    def _store(self) -> Store:
        """A store of our own, as another process would open it (its own lock handle, its own caches)."""
        from smm_tui.core.store import Store

        return Store(self.data_dir, self.app.clock).open()

    def _window(self) -> Window:
        from smm_tui.core.clock import today
        from smm_tui.sync.run import window_for

        return window_for(today(self.app.clock), self.settings)

    def _read_status(self) -> Result:
        """The last round on record and what is pending (no network)."""
        from smm_tui.sync.service import status_report  # caldav and friends: in this thread, not the app's

        try:
            report = status_report(self._store(), self.settings, self._window())
        except SmmError as exc:
            return Result(self.app.clock.now(), False, str(exc))
        last = datetime.fromisoformat(report.last_sync) if report.last_sync != "never" else None
        return Result(self.app.clock.now(), True, report.last_result, pending=report.pending, last_sync=last)

    def _round(self) -> Result:
        """One round, as `smm-tui sync` does it; every failure becomes one line."""
        from smm_tui.sync.service import import_meetings, status_report, sync_once  # see _read_status

        try:
            store = self._store()
            window = self._window()
            meetings = import_meetings(store, self.settings, window)
            outcome = sync_once(store, self.settings, window)
            pending = status_report(store, self.settings, window).pending
        except SmmError as exc:
            return Result(self.app.clock.now(), False, str(exc), round=True)
        except Exception as exc:  # noqa: BLE001 - a worker's surprise must not end the app: one line
            return Result(self.app.clock.now(), False, f"sync: {type(exc).__name__}", round=True)
        now = self.app.clock.now()
        line = outcome.summary() + (f"; {meetings}" if meetings else "")
        return Result(now, True, line, pending=pending, last_sync=now, round=True)

    # --- back on the app's thread ---------------------------------------------------------

    def finished(self, worker: Worker[Any], state: WorkerState) -> None:
        """A worker of ours ended (the app routes its state changes here)."""
        if worker is not self.worker or state not in (WorkerState.SUCCESS, WorkerState.ERROR,
                                                      WorkerState.CANCELLED):
            return
        self.worker = None
        result = worker.result if state == WorkerState.SUCCESS else None
        if state == WorkerState.ERROR:  # a surprise (a bug): one line like any failure, and the next round comes
            result = Result(self.app.clock.now(), False, f"sync: {type(worker.error).__name__}",
                            round=worker.name == "sync-round")
        if isinstance(result, Result):
            self._take(result)
        if self.round_wanted:
            self.round_wanted = self.recount = False
            self.sync_now(asked=False)
        elif self.recount:
            self.recount = False
            self.days_changed()
        self._show()

    def _take(self, result: Result) -> None:
        if result.round:
            self.rounds += 1
            self.failure = None if result.ok else result
            if not result.ok:
                self.app.notices.say(result.line, severity="error", seconds=30)
        if result.ok:
            self.known = True
            self.pending = result.pending
            self.last_sync = result.last_sync or self.last_sync
        if result.round and result.ok:
            self.app.days.poll(announce=f"Synced: {result.line}")  # reloads the day only when a round changed it

    @property
    def line(self) -> str:
        """The header's segment now."""
        if self.unavailable is not None:
            return self.unavailable
        if self.running:
            return "syncing…"
        if self.failure is not None:
            return f"sync failed {self._when(self.failure.at)}: {short(self.failure.line)}"
        if not self.known:
            return ""
        pending = f" · {self.pending} pending" if self.pending is not None else ""
        if self.last_sync is None:
            return f"never synced{pending}"
        return f"synced {self._when(self.last_sync)}{pending}"

    def _when(self, at: datetime) -> str:
        """A time of today as 10:42, of another day with its date."""
        now = self.app.clock.now()
        local = at.astimezone(now.tzinfo)
        return f"{local:%H:%M}" if local.date() == now.date() else f"{local:%d %b %H:%M}"

    def _show(self) -> None:
        """Hand the segment down to the day screen's header."""
        try:
            header = self.app.day_screen.query_one(DayHeader)
        except Exception:  # noqa: BLE001 - no day screen (start-up, exit): the next update shows it
            return
        header.sync_line = self.line
        header.sync_failed = (self.failure is not None and not self.running) or self.unavailable is not None
