"""Sync against a local Radicale: first sync of 30 days x 40 tasks, a no-change sync, a one-change sync.

Radicale (the test extra) runs on 127.0.0.1 and a free port with htpasswd
authentication, like the test fixture. Reported per case: wall time, requests
made and bytes moved (request bodies sent, response bodies received).

Baseline of the no-change sync (the target: within 1.5x): one PROPFIND round
trip to the collection (Depth 0, in process, same login) plus `smm-tui today`
of the first day - what any sync must do at least is ask the server once and
read the days. The `smm-tui sync` CLI run is measured against the same
baseline with the CLI's `today` (process start and imports included on both
sides).

Usage: python benchmarks/sync.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build_year
from benchmarks.timing import env_with, interleaved, median

USER, PASSWORD = "bench", "bench-pw"
DAYS = 30
SCRIPT = str(Path(sys.executable).parent / "smm-tui")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_radicale(root: Path) -> tuple[subprocess.Popen[bytes], int]:
    from passlib.hash import sha512_crypt

    (root / "users").write_text(f"{USER}:{sha512_crypt.using(rounds=1000).hash(PASSWORD)}\n")
    (root / "config").write_text(
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {root / 'users'}\nhtpasswd_encryption = autodetect\n"
        f"delay = 0\n[storage]\nfilesystem_folder = {root / 'collections'}\n[logging]\nlevel = warning\n")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(root / "config"),
                             "--server-hosts", f"127.0.0.1:{port}"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("radicale did not start")


def measure(runs: int = 5, *, year: Path | None = None, end: date | None = None) -> dict[str, Any]:
    from caldav.davclient import DAVClient

    from smm_tui.config import Settings, Sync
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.store import Store
    from smm_tui.sync.client import Server
    from smm_tui.sync.run import Runner, window_for

    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="smm-bench-sync-") as tmp:
        root = Path(tmp)
        end = end or date(2026, 12, 1)
        data = root / "data"
        build_year(data, end=end, days=DAYS)  # DAYS day files x 40 tasks ending yesterday
        first = end - timedelta(days=DAYS)
        now = datetime.combine(first, datetime.min.time()).replace(hour=9, tzinfo=UTC)
        clock = FrozenClock(now, "Europe/Berlin")
        proc, port = start_radicale(root)
        try:
            url = f"http://127.0.0.1:{port}/{USER}/smm/"
            with DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False) as client:
                client.mkcalendar(url)
            settings = Settings(sync=Sync(url=url, username=USER, past_days=0, future_days=DAYS - 1))
            store = Store(data, clock).open()
            window = window_for(first, settings)

            def one_round() -> tuple[float, Any]:
                server = Server(url, USER, PASSWORD, timeout=30)
                started = time.perf_counter()
                outcome = Runner(store, settings, server, now=clock.now).run(window)
                elapsed = (time.perf_counter() - started) * 1000
                server.close()
                return elapsed, outcome

            def record(name: str, elapsed: float, outcome: Any) -> None:
                result[f"{name} (ms)"] = round(elapsed, 1)
                result[f"{name} requests"] = outcome.traffic.requests
                result[f"{name} kB sent"] = round(outcome.traffic.bytes_sent / 1024, 1)
                result[f"{name} kB received"] = round(outcome.traffic.bytes_received / 1024, 1)
                result[f"{name} summary"] = outcome.summary()

            record("first sync", *one_round())
            one_round()  # settles the sync-token after the first round's writes
            quiet = [one_round() for _ in range(runs)]
            record("no-change sync", median(q[0] for q in quiet), quiet[-1][1])
            changes = []
            for n in range(runs):
                day = first + timedelta(days=n % DAYS)
                task = store.load_day(day).ordered()[n]
                store.update_day(day, lambda d, t=task: d.toggle(t.id, clock.now()))
                changes.append(one_round())
            record("one-change sync", median(c[0] for c in changes), changes[-1][1])

            client = DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False)
            client.propfind(url, depth=0)  # the login round trip, once
            trips = []
            for _ in range(runs * 3):
                started = time.perf_counter()
                client.propfind(url, depth=0)
                trips.append((time.perf_counter() - started) * 1000)
            client.close()
            result["PROPFIND round trip (ms)"] = round(median(trips), 2)

            config = root / "config.toml"
            config.write_text(f'[sync]\nurl = "{url}"\nusername = "{USER}"\npassword_command = ["echo", "{PASSWORD}"]\n'
                              f"past_days = 0\nfuture_days = {DAYS - 1}\n")
            env = env_with(SMM_TUI_DATA_DIR=str(data), SMM_TUI_CONFIG=str(config), TZ="Europe/Berlin",
                           SMM_TUI_NOW=now.isoformat())
            cli = interleaved({
                "cli today": ([SCRIPT, "today"], env),
                "cli sync (no change)": ([SCRIPT, "sync"], env),
            }, runs, warmup=1)
            result["cli today (ms)"] = round(median(cli["cli today"]), 1)
            result["cli sync no-change (ms)"] = round(median(cli["cli sync (no change)"]), 1)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
    base = result["PROPFIND round trip (ms)"] + result["cli today (ms)"]
    result["ratio cli no-change sync / (PROPFIND + today)"] = round(result["cli sync no-change (ms)"] / base, 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = measure(args.runs)
    width = max(map(len, result))
    for name, value in result.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
