"""`smm-tui remind` through real subprocesses: --once, --at, notify_command, signals."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from helpers.cli import smm

DAY = "2026-11-26"  # a Thursday
CRITICISM = "Answer overnight criticism - politely, never delete it"
ECHO = "import json, sys; open(sys.argv[1], 'a').write(json.dumps(sys.argv[2:]) + '\\n')"
"""A notifier that appends its argv (after the output file) as one JSON line."""


def env_at(now: str) -> dict[str, str]:
    return dict(os.environ, SMM_TUI_NOW=now)


def state_file(data_dir: Path) -> Path:
    return data_dir / "state" / "reminders.toml"


def write_config(config_path: Path, text: str, mode: int = 0o600) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(text)
    config_path.chmod(mode)


def test_once_at_prints_what_is_due_and_is_a_repeatable_dry_run(data_dir: Path) -> None:
    first = smm("remind", "--once", "--at", "2026-11-26T06:50")
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"06:50  lead   07:00  {CRITICISM}  (reply, starts in 10 min)\n"
    assert smm("remind", "--once", "--at", "2026-11-26T06:50").stdout == first.stdout
    assert not state_file(data_dir).exists(), "--at records nothing"
    assert smm("remind", "--once", "--at", "2026-11-26T06:52").stdout == (
        f"06:52  lead   07:00  {CRITICISM}  (reply, starts in 8 min)\n"), "within grace: still due"
    assert smm("remind", "--once", "--at", "2026-11-26T06:57").stdout == "", "outside the window of a first look"


def test_once_at_resolves_a_time_in_the_spring_forward_gap(data_dir: Path) -> None:
    added = smm("add", "Night shift handover", "--at", "02:30", "--minutes", "20", "--kind", "meeting",
                "--lead", "0", "--date", "2026-03-29")
    assert added.returncode == 0, added.stderr
    expected = "03:00  start  02:30  Night shift handover  (meeting, starts now)\n"
    assert smm("remind", "--once", "--at", "2026-03-29T03:00").stdout == expected
    assert smm("remind", "--once", "--at", "2026-03-29T02:30").stdout == expected, "02:30 that day means 03:00"


def test_once_records_so_a_cron_job_shows_each_reminder_once(data_dir: Path) -> None:
    result = smm("remind", "--once", now="2026-11-26T07:00:00+01:00")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"07:00  start  07:00  {CRITICISM}  (reply, starts now)\n"
    assert smm("remind", "--once", now="2026-11-26T07:01:00+01:00").stdout == ""
    doc = tomllib.loads(state_file(data_dir).read_text())
    assert "2026-11-26|criticism-0700|start|07:00" in doc["fired"]
    later = smm("remind", "--once", now="2026-11-26T07:40:00+01:00")
    assert later.stdout == ("07:40  missed 2 slots while away (3 reminders): 07:00 Answer overnight criticism - politely, never delete it "
                            "(reply, nag); 07:30 Tweet and retweet; thank brand advocates (publish, start)\n")


def test_notify_command_gets_a_hostile_title_as_plain_text(data_dir: Path, config_path: Path, tmp_path: Path) -> None:
    out, pwned = tmp_path / "argv.json", tmp_path / "pwned"
    title = f'x"; touch {pwned}; "'
    write_config(config_path, f"notify_command = {json.dumps([sys.executable, '-c', ECHO, str(out), '{title}', '{body}', '{kind}'])}\n")
    assert smm("add", title, "--at", "09:20", "--kind", "reply", "--date", DAY).returncode == 0
    result = smm("remind", "--once", now="2026-11-26T09:20:00+01:00")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "09:20  lead   09:30  Follow up with sales and marketing on social leads  (meeting, starts in 10 min)",
        f"09:20  start  09:20  {title}  (reply, starts now)",
    ]
    calls = [json.loads(line) for line in out.read_text().splitlines()]
    assert calls == [
        ["Follow up with sales and marketing on social leads", "Meeting 09:30-10:00: starts in 10 min", "lead"],
        [title, "Reply 09:20-09:50: starts now", "start"],
    ]
    assert not pwned.exists()


def test_a_failing_notify_command_is_one_warning(data_dir: Path, config_path: Path) -> None:
    write_config(config_path, 'notify_command = ["/nonexistent/notifier", "{title}"]\n')
    result = smm("remind", "--once", now="2026-11-26T07:00:00+01:00")
    assert result.returncode == 0
    assert result.stdout.count("\n") == 1
    assert result.stderr == ("smm-tui remind: warning: notify_command failed: program '/nonexistent/notifier' "
                             "not found (reported once; reminders are still shown here)\n")


def test_a_group_writable_config_naming_a_command_is_refused(data_dir: Path, config_path: Path) -> None:
    write_config(config_path, 'notify_command = ["notify-send", "{title}"]\n', mode=0o666)
    config_path.chmod(0o666)
    result = smm("remind", "--once")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert "refusing a group- or world-writable file" in result.stderr


def test_control_characters_in_titles_are_escaped(data_dir: Path) -> None:
    assert smm("add", "evil \x1b[2J\x1b]0;pwned\x07 title", "--at", "09:20", "--date", DAY).returncode == 0
    out = smm("remind", "--once", "--at", "2026-11-26T09:20").stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "evil \\x1b[2J\\x1b]0;pwned\\x07 title" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("remind", "--at", "2026-11-26T06:50"), "--at needs --once"),
        (("remind", "--once", "--at", "2026-11-26T24:00"), "expected a time HH:MM"),
        (("remind", "--once", "--at", "tomorrow 9am"), "expected a local date and time YYYY-MM-DDTHH:MM"),
        (("remind", "--once", "--at", "2026-02-30T09:00"), "is not a real date"),
    ],
)
def test_bad_remind_arguments_exit_2(data_dir: Path, args: tuple[str, ...], fragment: str) -> None:
    result = smm(*args)
    assert result.returncode == 2
    assert fragment in result.stderr and len(result.stderr.splitlines()) == 1


def _lines(stream: object, into: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)
    into.put(None)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_remind_runs_until_a_signal_and_stops_cleanly(data_dir: Path, signum: int) -> None:
    process = subprocess.Popen([sys.executable, "-m", "smm_tui", "remind"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env_at("2026-11-26T07:00:00+01:00"))
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        first = lines.get(timeout=30)  # the first reminder: the loop is running
        assert first == f"07:00  start  07:00  {CRITICISM}  (reply, starts now)\n"
        process.send_signal(signum)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert lines.get(timeout=5) is None, "nothing else was printed"
    stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr
    assert stderr.startswith(f"smm-tui remind: watching {data_dir}; next reminder at 07:20")
    doc = tomllib.loads(state_file(data_dir).read_text())
    assert "2026-11-26|criticism-0700|start|07:00" in doc["fired"]
    assert str(doc["seen_until"]) == "2026-11-26 06:00:00+00:00", "state saved on the way out"
