"""A hostile world, round two: special files everywhere a user path is read or replaced, recurrence
bombs of every frequency, notify commands that hang, fork or flood, and POSIX TZ zones.

Each trial reports its figures in the torture report: special files tried, recurrence bombs
refused (time and peak memory of the worst), notifier process groups killed, zones tried.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import harness
import pytest
from harness import run_cli_all

from smm_tui.core.clock import FrozenClock
from smm_tui.core.ics_import import import_file
from smm_tui.core.store import Store
from smm_tui.reminders import notify

pytestmark = pytest.mark.torture

DAY = "2026-11-26"


def make_special(kind: str, path: Path, keep: list[socket.socket]) -> None:
    """A FIFO, socket, device or a symlink to one at `path` (block devices where mknod is allowed)."""
    if kind == "fifo":
        os.mkfifo(path, 0o600)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        keep.append(sock)
    elif kind == "char device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    elif kind == "block device":
        os.mknod(path, 0o600 | stat.S_IFBLK, os.makedev(7, 0))
    elif kind == "symlink to a fifo":
        os.mkfifo(path.with_name(path.name + ".target"), 0o600)
        path.symlink_to(path.with_name(path.name + ".target"))
    elif kind == "symlink to a char device":  # a private /dev/null: never the machine's own
        os.mknod(path.with_name(path.name + ".target"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        path.symlink_to(path.with_name(path.name + ".target"))
    else:
        raise AssertionError(kind)


def kinds_here(tmp: Path) -> list[str]:
    """The kinds this machine lets us create (mknod needs root or CAP_MKNOD)."""
    out = ["fifo", "socket", "symlink to a fifo"]
    for kind, mode, dev in (("char device", stat.S_IFCHR, os.makedev(1, 3)),
                            ("block device", stat.S_IFBLK, os.makedev(7, 0))):
        probe = tmp / f"probe-{kind.replace(' ', '-')}"
        try:
            os.mknod(probe, 0o600 | mode, dev)
        except OSError:
            continue
        probe.unlink()
        out.append(kind)
        if kind == "char device":
            out.append("symlink to a char device")
    return out


PLACES = {
    "day file": lambda data, config: data / "days" / f"{DAY}.toml",
    "routine.toml": lambda data, config: data / "routine.toml",
    "config.toml": lambda data, config: config,
    "theme file": lambda data, config: config.parent / "themes" / "x.toml",
    "snapshot": lambda data, config: data / ".cache" / f"day-{DAY}.snap",
}
COMMANDS = (("today", "--date", DAY), ("done", "3", "--date", DAY), ("check",), ("remind", "--once"),
            ("export", "-f", "svg", "--date", DAY), ("export", "-f", "html", "--week", DAY),
            ("export", "-f", "svg", "--stats", "--week", DAY))


@pytest.fixture
def world(tmp_path: Path, data_dir: Path, config_path: Path, cli_env: dict[str, str]) -> Iterator[dict[str, str]]:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    (config_path.parent / "themes").mkdir(exist_ok=True)
    yield cli_env


def test_special_files_in_every_place_never_hang_and_are_never_replaced(
        world: dict[str, str], data_dir: Path, config_path: Path, tmp_path: Path) -> None:
    kinds = kinds_here(tmp_path)
    tried = hangs = replaced = 0
    for kind in kinds:
        for place, where in PLACES.items():
            path = where(data_dir, config_path)
            saved = tmp_path / "saved"
            if path.exists() and not path.is_symlink():
                os.replace(path, saved)
            keep: list[socket.socket] = []
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                make_special(kind, path, keep)
                before = os.lstat(path).st_mode
                started = time.monotonic()
                runs = run_cli_all(COMMANDS, world)
                for run in runs:
                    tried += 1
                    assert "Traceback" not in run.stderr, (kind, place, run)
                    assert run.code in (0, 1), (kind, place, run)
                hangs += time.monotonic() - started > 50
                replaced += os.lstat(path).st_mode != before
                assert os.lstat(path).st_mode == before, (kind, place)
            finally:
                for sock in keep:
                    sock.close()
                for leftover in (path, path.with_name(path.name + ".target")):
                    if os.path.lexists(leftover):
                        os.unlink(leftover)
                if saved.exists():
                    os.replace(saved, path)
    # And the import file itself.
    for kind in kinds:
        target = tmp_path / f"import-{kind.replace(' ', '-').replace('/', '')}.ics"
        keep = []
        make_special(kind, target, keep)
        run, = run_cli_all([("import", str(target), "--dry-run")], world)
        tried += 1
        for sock in keep:
            sock.close()
        assert run.code == 1 and "not a regular file" in run.stderr, run
    assert hangs == 0 and replaced == 0
    harness.report("special files tried", kinds=len(kinds), kind_names="/".join(kinds), places=len(PLACES) + 1,
                   command_runs=tried, hangs=hangs, replaced=replaced)


RULES = [
    ("SECONDLY", "19700101T000000Z", ""), ("SECONDLY", "20261126T000000Z", ""),
    ("MINUTELY", "19000101T000000Z", ""), ("MINUTELY", "20200101T000000Z", ";INTERVAL=2"),
    ("HOURLY", "19000101T000000Z", ""), ("DAILY", "10000101T000000Z", ""),
    ("DAILY", "19000101T000000Z", ";BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23"),
    ("WEEKLY", "00020101T000000Z", ";BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=1,2,3"),
    ("MONTHLY", "00020101T000000Z", ";BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20"),
    ("YEARLY", "19000101T000000Z", (";BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;"
                                    "BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;"
                                    "BYMINUTE=0,10,20,30,40,50;BYSECOND=0,30")),
    ("SECONDLY", "19700101T000000Z", ";UNTIL=20991231T000000Z"),
    ("SECONDLY", "19700101T000000Z", ";COUNT=2000000000"),
]


def test_recurrence_bombs_of_every_frequency_are_refused_fast_and_small(store: Store, tmp_path: Path) -> None:
    worst_seconds, worst_mb, worst = 0.0, 0.0, ""
    for n, (freq, start, extra) in enumerate(RULES):
        source = tmp_path / f"bomb{n}.ics"
        source.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:b{n}\r\nSUMMARY:bomb\r\n"
                          f"DTSTART:{start}\r\nDURATION:PT1M\r\nRRULE:FREQ={freq}{extra}\r\nEND:VEVENT\r\n"
                          "END:VCALENDAR\r\n")
        tracemalloc.start()
        started = time.perf_counter()
        planned = import_file(store, source, date(2026, 11, 26), date(2026, 12, 9), dry_run=True)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        assert len(planned.parsed.skipped) == 1 and "recurrence takes over" in planned.parsed.skipped[0], (freq, extra)
        if seconds > worst_seconds:
            worst_seconds, worst = seconds, f"FREQ={freq}{extra} from {start[:4]}"
        worst_mb = max(worst_mb, peak)
    assert worst_seconds < 0.5 and worst_mb < 8
    harness.report("recurrence bombs refused", bombs=len(RULES), worst=worst,
                   worst_ms=round(worst_seconds * 1000, 1), worst_peak_mb=round(worst_mb, 2))


def test_notify_commands_that_hang_fork_or_flood(tmp_path: Path) -> None:
    killed_before = notify.STATS["groups_killed"]
    leaked = 0
    cases = [["sh", "-c", "sleep 1000"], ["sh", "-c", "sleep 1000 & sleep 1000 & wait"],
             ["sh", "-c", "(sleep 1000 &); sleep 1000"], ["yes", "{title}"], ["sh", "-c", "yes x >&2"]]
    rss_before = _rss_mb()
    for argv in cases:
        outcome = notify.run_capped(argv, 0.3)
        assert outcome.returncode is None and len(outcome.stderr) <= notify.OUTPUT_CAP
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _group_alive(outcome.pid):
            time.sleep(0.01)
        leaked += _group_alive(outcome.pid)
    grew = _rss_mb() - rss_before
    killed = notify.STATS["groups_killed"] - killed_before
    assert leaked == 0 and killed == len(cases) and grew < 50
    harness.report("notifier process groups killed", commands=len(cases), groups_killed=killed, leaked=leaked,
                   rss_growth_mb=round(grew, 1))


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


ZONES = ["EST5EDT", "PST8PDT", "CST6CDT", "MST7MDT", "GMT+2", "GMT-14", "XYZ-11", "UTC0", "<+0530>-5:30",
         "<-03>3", "CET-1CEST,M3.5.0,M10.5.0/3", "AEST-10AEDT,M10.1.0,M4.1.0/3", "NZST-12NZDT,M9.5.0,M4.1.0/3",
         "EST5EDT,M3.2.0,M11.1.0", "IST-5:30", "Europe/Berlin", ":America/New_York", "Asia/Kathmandu"]


def test_every_zone_agrees_with_the_wall_clock(data_dir: Path, clock: FrozenClock) -> None:
    Store(data_dir, clock).open()
    base = {k: v for k, v in os.environ.items() if k != "SMM_TUI_NOW"}
    disagreeing = []
    for tz in ZONES:
        env = dict(base, TZ=tz)
        libc = subprocess.run(["date", "+%Y-%m-%d %H:%M"], capture_output=True, text=True, env=env).stdout.strip()
        run, = run_cli_all([("today", "--json")], env)
        assert run.code == 0, (tz, run)
        doc = json.loads(run.stdout)
        if doc["date"] != libc[:10] and not libc.endswith("00:00"):
            disagreeing.append((tz, doc["zone"], doc["date"], libc))
    assert disagreeing == []
    harness.report("zones tried", zones=len(ZONES), disagreeing=len(disagreeing))
