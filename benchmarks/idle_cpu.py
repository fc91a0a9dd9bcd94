"""CPU use of an idle `smm-tui remind` with a year of history, and how late a reminder fires.

Each run builds nothing new: one synthetic year (benchmarks/synth.py, 365 day
files x 40 tasks) is copied per run, a task is added to today that starts at
the first whole minute at least 5 s after start-up, and `smm-tui remind`
(the installed console script, real clock, TZ=Europe/Berlin) is started on
it. Measured from the moment it announces itself on stderr (its timelines
are loaded by then):
- cpu_percent: CPU time of all its threads (/proc/<pid>/task/*/schedstat,
  nanoseconds; /proc/<pid>/stat ticks as a fallback) over the window, divided
  by the window's wall time (target: well under 1 %);
- wakeups: voluntary context switches in the window (one or two per check);
- latency_ms: when the task's start line arrived on stdout minus its due
  instant (target: under 1000 ms).
Runs are sequential; the median of each figure is reported, with every run.

Usage: python benchmarks/idle_cpu.py [--seconds 60] [--runs 3]
Reuse: `from benchmarks.idle_cpu import measure; measure(60)`.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build_year
from smm_tui.core.clock import FrozenClock
from smm_tui.core.models import Task
from smm_tui.core.store import Store

SCRIPT = str(Path(sys.executable).parent / "smm-tui")
ZONE = "Europe/Berlin"
TITLE = "Benchmark latency probe"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its threads, from /proc (no psutil).

    /proc/<pid>/task/*/schedstat counts nanoseconds on the CPU; /proc/<pid>/stat
    (utime + stime) only whole clock ticks (10 ms here), too coarse for an idle
    process over a minute, so it is the fallback.
    """
    with open(f"/proc/{pid}/stat", "rb") as handle:
        fields = handle.read().rsplit(b")", 1)[1].split()
    ticks = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15)
    try:
        total = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
                total += int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return ticks
    return total / 1e9 if total or not ticks else ticks  # all zero: schedstats are off in this kernel


def voluntary_switches(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    return 0


def _pump(stream: Any, into: queue.Queue[tuple[float, str] | None]) -> None:
    for line in stream:
        into.put((time.time(), line))
    into.put(None)


def add_probe(data_dir: Path, earliest: datetime) -> datetime:
    """A task today at the first whole minute after `earliest`, lead 0: its start line times the delivery."""
    local = earliest.astimezone(ZoneInfo(ZONE))
    due = (local + timedelta(minutes=1)).replace(second=0, microsecond=0)
    clock = FrozenClock(local, ZONE)
    store = Store(data_dir, clock).open()
    probe = Task(id="probe", title=TITLE, start=due.time(), minutes=5, kind="checkin", lead=0)
    store.update_day(due.date(), lambda day: day.with_task(probe))
    return due


def one_run(template: Path, workdir: Path, seconds: float) -> dict[str, float]:
    data_dir = workdir / "data"
    shutil.copytree(template, data_dir)
    due = add_probe(data_dir, datetime.now(UTC) + timedelta(seconds=8))
    env = dict(os.environ, SMM_TUI_DATA_DIR=str(data_dir), SMM_TUI_CONFIG=str(workdir / "config.toml"), TZ=ZONE)
    env.pop("SMM_TUI_NOW", None)
    process = subprocess.Popen([SCRIPT, "remind"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out: queue.Queue[tuple[float, str] | None] = queue.Queue()
    err: queue.Queue[tuple[float, str] | None] = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, out), daemon=True).start()
    threading.Thread(target=_pump, args=(process.stderr, err), daemon=True).start()
    try:
        banner = err.get(timeout=60)
        if banner is None or "watching" not in banner[1]:
            raise RuntimeError(f"smm-tui remind did not start: {banner}")
        startup_cpu = cpu_seconds(process.pid)
        wall0, cpu0, switches0 = time.monotonic(), startup_cpu, voluntary_switches(process.pid)
        time.sleep(seconds)  # the process under test is idle meanwhile; nothing here waits on it
        wall1, cpu1, switches1 = time.monotonic(), cpu_seconds(process.pid), voluntary_switches(process.pid)
        latency = None
        deadline = max(time.time(), due.timestamp()) + 10
        while latency is None and time.time() < deadline:
            try:
                item = out.get(timeout=max(0.1, deadline - time.time()))
            except queue.Empty:
                break
            if item is None:
                break
            arrived, line = item
            if TITLE in line and "  start  " in line:
                latency = (arrived - due.timestamp()) * 1000
    finally:
        process.send_signal(2)
        try:
            status = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
    if status != 0:
        raise RuntimeError(f"smm-tui remind exited with {status}")
    result = {
        "cpu_percent": round((cpu1 - cpu0) / (wall1 - wall0) * 100, 4),
        "cpu_seconds": round(cpu1 - cpu0, 4),
        "window_seconds": round(wall1 - wall0, 1),
        "wakeups": switches1 - switches0,
        "startup_cpu_seconds": round(startup_cpu, 3),
    }
    if latency is not None:
        result["latency_ms"] = round(latency, 1)
    return result


def measure(seconds: float = 60.0, runs: int = 3, *, year: Path | None = None) -> dict[str, Any]:
    """Median CPU %, wakeups and fire latency of an idle `smm-tui remind` over `seconds`, `runs` times.

    `year`: an already built synthetic year ending today (copied per run, never changed).
    """
    with tempfile.TemporaryDirectory() as tmp:
        template = year or Path(tmp) / "year"
        if year is None:
            today = datetime.now(ZoneInfo(ZONE)).date()
            build_year(template, end=today, zone=ZONE)
        samples = [one_run(template, Path(tmp) / f"run{i}", seconds) for i in range(runs)]
    summary: dict[str, Any] = {"seconds": seconds, "runs": runs}
    for name in ("cpu_percent", "cpu_seconds", "wakeups", "startup_cpu_seconds", "latency_ms"):
        values = [s[name] for s in samples if name in s]
        if values:
            summary[f"median {name}"] = statistics.median(values)
    summary["max latency_ms"] = max((s["latency_ms"] for s in samples if "latency_ms" in s), default=None)
    summary["samples"] = samples
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="idle window per run (default 60)")
    parser.add_argument("--runs", type=int, default=3, help="sequential runs; medians are reported (default 3)")
    args = parser.parse_args()
    result = measure(args.seconds, args.runs)
    for name, value in result.items():
        if name != "samples":
            print(f"{name:<28} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
