"""Sync in the app against a real Radicale: ctrl+s, the interval timer, the header line, keys during a slow round.

The frozen clock says Thursday 2026-11-26 09:10 (Europe/Berlin); the app syncs
today and the two days after (`settings_for`). Rounds run on a thread worker,
so every test waits for a condition with a deadline (`until`), never for a
fixed time. The interval is made short through `SyncDesk.seconds_per_minute`
(the app's real `set_interval` timer fires; nothing calls the tick by hand).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fault_proxy import FaultProxy
from sync_helpers import Phone, app_for, settings_for

from helpers.pilot import until
from smm_tui.config import Settings
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.sync_desk import SyncDesk
from smm_tui.ui.widgets.header import DayHeader

SIZE = (120, 36)
LUNCH = "2026-11-26-lunch-1200@smm-tui.invalid"
DEADLINE = 30.0


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """No round at start and no timer tick within a test: only ctrl+s syncs."""
    monkeypatch.setattr(SyncDesk, "at_start", False)
    monkeypatch.setattr(SyncDesk, "seconds_per_minute", 3600.0)


def header(app: SmmApp) -> str:
    return app.day_screen.query_one(DayHeader).sync_line


def desk(app: SmmApp) -> SyncDesk:
    assert app.syncing is not None
    return app.syncing


async def test_ctrl_s_pushes_the_days_and_the_header_says_so(store: Store, clock: FrozenClock, collection: str,
                                                             phone: Phone, quiet: None, tmp_path: Path) -> None:
    app = app_for(store, clock, settings_for(collection), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.syncing is not None and desk(app).known, "the status read")
        assert header(app).startswith("never synced · ")
        assert not phone.todos()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: desk(app).rounds == 1, "a round after ctrl+s")
        assert header(app) == "synced 09:10 · 0 pending"
        assert LUNCH in phone.todos()
        await pilot.press("space")  # a local change: pending for the next round
        await until(pilot, lambda: header(app) == "synced 09:10 · 1 pending", "the pending count")


async def test_a_second_ctrl_s_during_a_round_starts_no_second_one(
    store: Store, clock: FrozenClock, collection: str, proxy: FaultProxy, quiet: None, tmp_path: Path,
) -> None:
    app = app_for(store, clock, settings_for(proxy.url(collection)), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.syncing is not None and desk(app).known, "the status read")
        proxy.fault = "hang"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "REPORT" in proxy.requests or "PROPFIND" in proxy.requests, "the listing request")
        first = desk(app).worker
        await pilot.press("ctrl+s")
        assert desk(app).worker is first
        assert header(app) == "syncing…"
        assert app.notices.status_text == "Sync is already running."
        listings = sum(1 for r in proxy.requests if r in ("REPORT", "PROPFIND"))
        proxy.fault = None
        proxy.release.set()
        await until(pilot, lambda: desk(app).rounds == 1, "the round's end")
        assert desk(app).worker is None
        assert listings == 1


async def test_a_tick_on_the_phone_shows_on_screen_after_the_next_timer_tick(
    store: Store, clock: FrozenClock, collection: str, phone: Phone, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(SyncDesk, "seconds_per_minute", 0.5)  # interval_minutes = 5: a tick every 2.5 s
    settings = settings_for(collection)
    assert settings.sync.interval_minutes == 5
    app = app_for(store, clock, settings, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.syncing is not None and desk(app).rounds >= 1, "the round at start")
        assert LUNCH in phone.todos()
        rounds = desk(app).rounds
        phone.tick(LUNCH, at=datetime(2026, 11, 26, 8, 5, tzinfo=UTC))

        def shown_done() -> bool:
            timeline = app.day_screen.timeline
            entry = timeline.entry("lunch-1200") if timeline is not None else None
            return entry is not None and entry.status == "done"

        await until(pilot, shown_done, "the phone's tick on screen", timeout=DEADLINE)
        assert desk(app).rounds > rounds  # it came with a timer round, not with anything else
        assert store.load_day(clock.now().date()).task("lunch-1200").status == "done"


async def test_a_failing_server_is_one_line_in_header_and_status_line(
    store: Store, clock: FrozenClock, collection: str, proxy: FaultProxy, quiet: None, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = app_for(store, clock, settings_for(proxy.url(collection)), tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.syncing is not None and desk(app).known, "the status read")
        proxy.fault = "500"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: desk(app).rounds == 1, "the failed round")
        line = header(app)
        assert line.startswith("sync failed 09:10: ") and "500" in line, line
        assert "\n" not in line and "s3cret" not in line
        assert app.day_screen.query_one(DayHeader).sync_failed
        assert "500" in app.notices.status_text and "s3cret" not in app.notices.status_text
        assert not app._notifications  # no toast
        proxy.fault = None
        await pilot.press("ctrl+s")
        await until(pilot, lambda: desk(app).rounds == 2, "the next round")
        assert header(app) == "synced 09:10 · 0 pending"
        assert not app.day_screen.query_one(DayHeader).sync_failed


async def test_a_key_during_a_slow_round_is_handled_at_once(
    store: Store, clock: FrozenClock, collection: str, proxy: FaultProxy, quiet: None, tmp_path: Path,
) -> None:
    app = app_for(store, clock, settings_for(proxy.url(collection)), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.syncing is not None and desk(app).known, "the status read")
        proxy.fault = "hang"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "REPORT" in proxy.requests or "PROPFIND" in proxy.requests, "the listing request")
        view = app.day_screen.timeline_view
        before = view.cursor_id
        started = time.monotonic()
        await pilot.press("j", "space")
        elapsed = time.monotonic() - started
        assert desk(app).running, "the round ended before the keys were checked"
        assert view.cursor_id != before
        task = store.load_day(clock.now().date()).task(view.cursor_id or "")
        assert task.status == "done"  # space saved it while the round waited for the server
        assert elapsed < 2.0, elapsed
        proxy.fault = None
        proxy.release.set()
        await until(pilot, lambda: desk(app).rounds == 1, "the round's end")


async def test_no_sync_line_and_no_desk_without_a_server(store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    app = app_for(store, clock, Settings(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.syncing is None and header(app) == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.notices.status_text.startswith("Sync is not set up")


QUITTER = """
import sys, time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from smm_tui.config import Settings, Sync
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp
from smm_tui.ui.sync_desk import SyncDesk

data, url, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
clock = FrozenClock(datetime(2026, 11, 26, 9, 10, tzinfo=ZoneInfo("Europe/Berlin")), "Europe/Berlin")
SyncDesk.seconds_per_minute = 3600.0
settings = Settings(sync=Sync(url=url, username="alice", past_days=0, future_days=2, timeout_seconds=30))
app = SmmApp(data, data / "no-config.toml", clock, store=Store(data, clock).open(), settings=settings,
             cursor_blink=False)

async def quit_during_the_round(pilot):
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:  # the test saw the request reach the server
        await pilot.pause(0.02)
    assert app.syncing is not None and app.syncing.running
    print("QUITTING", time.monotonic(), flush=True)
    await pilot.press("q")

app.run(headless=True, size=(100, 30), auto_pilot=quit_during_the_round)
"""


def test_quitting_during_a_slow_round_does_not_wait_for_the_server(
    store: Store, collection: str, proxy: FaultProxy, tmp_path: Path,
) -> None:
    proxy.fault = "hang"
    marker = tmp_path / "request-seen"
    child = subprocess.Popen([sys.executable, "-c", QUITTER, str(store.data_dir), proxy.url(collection), str(marker)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + DEADLINE
        while not proxy.requests and time.monotonic() < deadline:
            time.sleep(0.02)  # waiting for a condition (the request at the proxy), with a deadline
        assert proxy.requests, "the round never reached the server"
        marker.touch()
        out, err = child.communicate(timeout=20)  # the round would wait 30 s for its answer
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    quitting = [float(line.split()[1]) for line in out.splitlines() if line.startswith("QUITTING")]
    assert child.returncode == 0 and quitting, err[-2000:]
    assert time.monotonic() - quitting[0] < 10.0
