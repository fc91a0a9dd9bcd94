"""The CLI against a hostile world: FIFOs and devices, symlinked folders, both ends of the date
range, non-ASCII digits, POSIX TZ zones, read-only data dirs. Each command either works or
says one line and exits non-zero; none hangs, none prints a traceback."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import cli
from helpers.cli import smm

DAY = "2026-11-26"
NOW = "2026-11-26T09:10:00+01:00"


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The program with stdin closed: a hostile run must never wait for input."""
    return smm(*args, env=env, timeout=timeout, stdin=subprocess.DEVNULL)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """One clean line, and not the catch-all "internal error" either."""
    assert "internal error" not in result.stderr, result.stderr
    return cli.one_line(result)


@pytest.fixture
def setup(data_dir: Path) -> Path:
    assert run("done", "1", "--date", DAY).returncode == 0
    return data_dir


# --- special files --------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("today", "--date", DAY), ("done", "1", "--date", DAY), ("check",), ("remind", "--once"),
    ("export", "-f", "md", "--date", DAY), ("remind", "--once", "--at", f"{DAY}T10:00"),
])
def test_a_fifo_day_file_is_one_line_not_a_hang(setup: Path, args: tuple[str, ...]) -> None:
    day = setup / "days" / f"{DAY}.toml"
    day.unlink()
    os.mkfifo(day, 0o600)
    started = time.monotonic()
    result = run(*args, env={"SMM_TUI_NO_SNAPSHOT": "1"}, timeout=20)
    assert time.monotonic() - started < 20
    output = result.stdout + result.stderr
    assert "FIFO" in output, output
    assert result.returncode != 0 or args[0] == "remind", output
    assert "Traceback" not in result.stderr


def test_a_fifo_theme_file_does_not_hang_check(setup: Path, config_path: Path) -> None:
    themes = config_path.parent / "themes"
    themes.mkdir(parents=True)
    os.mkfifo(themes / "x.toml", 0o600)
    result = run("check", timeout=20)
    assert result.returncode == 1 and "x.toml: cannot read: it is a FIFO (named pipe)" in result.stdout


def test_export_force_never_replaces_a_device_or_fifo(setup: Path, tmp_path: Path) -> None:
    # Never the real /dev/null: a version with this bug would replace it for the whole machine.
    pipe = tmp_path / "pipe.svg"
    os.mkfifo(pipe, 0o600)
    targets = [pipe]
    device = tmp_path / "null-device"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null (root only)
    except OSError:
        device = pipe
    else:
        targets.append(device)
    link = tmp_path / "null.svg"
    link.symlink_to(device)
    targets.append(link)
    for target in targets:
        before = os.stat(target).st_mode
        result = run("export", "-f", "svg", "--date", DAY, "-o", str(target), "--force")
        assert result.returncode == 1 and "not a regular file; left alone" in one_line(result)
        assert os.stat(target).st_mode == before and (target != link or link.is_symlink())


@pytest.mark.parametrize("spelling", ["reports/", "reports"])
def test_a_symlinked_output_folder_is_followed(setup: Path, tmp_path: Path, spelling: str) -> None:
    real = tmp_path / "realreports"
    real.mkdir()
    (tmp_path / "reports").symlink_to(real)
    for force in ((), ("--force",)):
        result = subprocess.run([sys.executable, "-m", "smm_tui", "export", "-f", "md", "--date", DAY,
                                 "-o", spelling, *force], capture_output=True, text=True, cwd=tmp_path,
                                env=dict(os.environ, SMM_TUI_NOW=NOW), timeout=30)
        if force:
            assert result.returncode == 0, result.stderr
        else:
            assert result.returncode == 0 or "already exists" in result.stderr
    assert (tmp_path / "reports").is_symlink()
    assert (real / f"smm-day-{DAY}.md").read_text().startswith("# Thursday 26 November 2026")


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("remind", "--once", "--at", "2026-11-26T09:\uff13\uff10"),
    ("today", "--date", "\uff12\uff10\uff12\uff16-11-26"),
    ("add", "x", "--at", "\u0661\u0660:00"),
    ("export", "-f", "md", "--date", "2026-11-2\u0666"),
    ("import", "x.ics", "--from", "2026-11-2\uff16"),
])
def test_non_ascii_digits_are_one_line_usage_errors(data_dir: Path, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2 and "expected" in one_line(result)


ENDS = ("0002-01-01", "9998-12-31")
BEYOND = ("0001-12-31", "9999-01-01")


def dated_commands(day: str) -> list[tuple[str, ...]]:
    return [
        ("today", "--date", day), ("today", "--json", "--date", day),
        ("add", "edge", "--at", "23:59", "--date", day), ("done", "1", "--date", day),
        ("undone", "1", "--date", day), ("skip", "2", "--date", day),
        *[("export", "-f", f, "--date", day) for f in ("svg", "html", "ics", "md", "txt", "json")],
        *[("export", "-f", f, "--from", day, "--to", day) for f in ("ics", "md", "json")],
        ("remind", "--once", "--at", f"{day}T00:00"), ("remind", "--once", "--at", f"{day}T23:59"),
    ]


@pytest.mark.parametrize("day", ENDS)
def test_both_ends_of_the_date_range_work_in_every_dated_command(data_dir: Path, day: str) -> None:
    for args in dated_commands(day):
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    agenda = run("today", "--date", day).stdout.splitlines()[0]
    assert f" {day[8:]} " in agenda and day[:4] in agenda  # four-digit year


@pytest.mark.parametrize("day", BEYOND)
def test_dates_beyond_the_range_are_refused_up_front_with_one_line(data_dir: Path, day: str) -> None:
    for args in dated_commands(day):
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "outside the supported dates 0002-01-01 to 9998-12-31" in one_line(result)


@pytest.mark.parametrize("now", ["0002-01-01T00:00+00:00", "9998-12-31T12:00+00:00"])
def test_the_clock_at_either_end_prints_four_digit_years_and_ticks(data_dir: Path, now: str) -> None:
    env = {"SMM_TUI_NOW": now, "TZ": "Europe/Berlin"}
    first = run("today", env=env).stdout.splitlines()[0]
    assert f" {now[:4]}  (Europe/Berlin)" in first, first
    assert run("done", "1", env=env).returncode == 0
    undone = run("undone", "1", env=env)
    assert undone.returncode == 0, undone.stderr
    assert run("check", env=env).returncode == 0


# --- zones --------------------------------------------------------------------------------------


@pytest.mark.parametrize("tz", ["EST5EDT", "PST8PDT", "GMT+2", "XYZ-11", "CET-1CEST,M3.5.0,M10.5.0/3",
                                "<+0530>-5:30"])
def test_posix_tz_zones_follow_the_wall_clock(data_dir: Path, tz: str) -> None:
    del_now = dict(os.environ, TZ=tz)
    del_now.pop("SMM_TUI_NOW", None)
    libc_date = subprocess.run(["date", "+%Y-%m-%d %z"], capture_output=True, text=True, env=del_now).stdout.split()
    result = subprocess.run([sys.executable, "-m", "smm_tui", "today", "--json"], capture_output=True, text=True,
                            env=del_now, timeout=30)
    assert result.returncode == 0, result.stderr
    import json

    doc = json.loads(result.stdout)
    assert doc["date"] == libc_date[0]  # the real clock (no SMM_TUI_NOW), compared with libc's
    assert "UTC" not in doc["zone"] or tz.startswith("UTC")
    paths = subprocess.run([sys.executable, "-m", "smm_tui", "paths"], capture_output=True, text=True,
                           env=del_now, timeout=30).stdout
    zone_line = next(line for line in paths.splitlines() if line.startswith("zone"))
    assert doc["zone"] in zone_line


# --- read-only data dirs ------------------------------------------------------------------------------


def test_commands_that_only_read_take_no_lock(setup: Path, tmp_path: Path) -> None:
    lock = setup / ".lock"
    lock.unlink()
    calendar = tmp_path / "c.ics"
    calendar.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20261127T100000Z\nSUMMARY:s\n"
                        "END:VEVENT\nEND:VCALENDAR\n")
    for args in (("today", "--date", "2026-12-24"), ("export", "-f", "md", "--date", "2026-12-25"),
                 ("export", "-f", "ics", "--from", "2026-12-01", "--to", "2026-12-31"),
                 ("remind", "--once", "--at", f"{DAY}T10:00"), ("import", str(calendar), "--dry-run"),
                 ("check",), ("paths",)):
        result = run(*args, env={"SMM_TUI_NO_SNAPSHOT": "1"})
        assert result.returncode == 0, (args, result.stderr)
        assert not lock.exists(), f"{args} took the write lock"
    assert run("done", "2", "--date", DAY).returncode == 0 and lock.exists()
