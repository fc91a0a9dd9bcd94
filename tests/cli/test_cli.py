"""The CLI through real subprocesses, against a temporary data dir."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from smm_tui.core import snapshot

DAY = "2026-11-26"  # a Thursday
NOW = "2026-11-26T09:10:00+01:00"


def run(*args: str, env: dict[str, str] | None = None, input_: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env["SMM_TUI_NOW"] = NOW
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "smm_tui", *args], capture_output=True, text=True, env=full_env,
        timeout=60, input=input_,
    )


def day_file(data_dir: Path) -> Path:
    return data_dir / "days" / f"{DAY}.toml"


def tasks_on_disk(data_dir: Path) -> dict[str, dict]:
    doc = tomllib.loads(day_file(data_dir).read_text())
    return {t["id"]: t for t in doc["tasks"]}


def assert_one_clean_line(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_first_run_creates_the_routine_and_prints_the_day(data_dir: Path) -> None:
    result = run("today", "--date", DAY)
    assert result.returncode == 0, result.stderr
    assert (data_dir / "routine.toml").exists()
    assert not day_file(data_dir).exists(), "viewing a day must not create its file"
    lines = result.stdout.splitlines()
    assert lines[0] == "Thursday 26 November 2026  (Europe/Berlin)  0/20 done, 20 open (4 overdue)"
    assert [line for line in lines if line in ("Morning", "Lunch", "Afternoon", "Evening")] == [
        "Morning", "Lunch", "Afternoon", "Evening"]
    assert "   8  12:00  [ ]  checkin    Lunch - check in on Foursquare  (foursquare)" in lines
    assert "   3  07:00  [!]  reply      Answer overnight criticism - politely, never delete it  (facebook, x)" in lines


def test_bare_command_and_console_script(data_dir: Path) -> None:
    script = Path(sys.executable).parent / "smm-tui"
    assert script.exists(), "the console script is installed next to the interpreter"
    env = dict(os.environ, SMM_TUI_NOW=NOW)
    result = subprocess.run([str(script), "today", "--date", DAY], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0 and "Morning" in result.stdout


def test_add_changes_only_the_new_task(data_dir: Path) -> None:
    run("done", "1", "--date", DAY)
    before = tasks_on_disk(data_dir)
    result = run("add", "Call with the agency", "--at", "11:15", "--minutes", "45", "--kind", "meeting",
                 "--platform", "linkedin,x", "--platform", "Email", "--note", "bring numbers", "--date", DAY)
    assert result.returncode == 0, result.stderr
    new_id = result.stdout.strip()
    after = tasks_on_disk(data_dir)
    assert set(after) - set(before) == {new_id}
    assert {k: v for k, v in after.items() if k != new_id} == before
    assert after[new_id] == {"id": new_id, "title": "Call with the agency", "start": __import__("datetime").time(11, 15),
                             "minutes": 45, "kind": "meeting", "platforms": ["linkedin", "x", "email"],
                             "status": "todo", "note": "bring numbers"}


@pytest.mark.parametrize(("command", "status"), [("done", "done"), ("skip", "skipped")])
def test_mark_by_position_and_id_changes_exactly_that_task(data_dir: Path, command: str, status: str) -> None:
    assert run("today", "--date", DAY).returncode == 0
    result = run(command, "3", "--date", DAY)
    assert result.returncode == 0, result.stderr
    after = tasks_on_disk(data_dir)
    changed = {k for k, v in after.items() if v["status"] != "todo"}
    assert changed == {"criticism-0700"}
    if status == "done":
        assert str(after["criticism-0700"]["done_at"]) == "2026-11-26 09:10:00+01:00"
    result = run(command, "monitor-1400", "--date", DAY)
    assert result.returncode == 0
    assert tasks_on_disk(data_dir)["monitor-1400"]["status"] == status


def test_undone_reopens(data_dir: Path) -> None:
    run("done", "wake-0530", "--date", DAY)
    result = run("undone", "wake-0530", "--date", DAY)
    assert result.returncode == 0
    assert result.stdout.startswith("open: wake-0530")
    task = tasks_on_disk(data_dir)["wake-0530"]
    assert task["status"] == "todo" and "done_at" not in task


def test_unknown_ref_is_a_usage_error(data_dir: Path) -> None:
    for ref in ("99", "0", "nope"):
        result = run("done", ref, "--date", DAY)
        assert result.returncode == 2
        assert_one_clean_line(result)
        assert "no task" in result.stderr
    assert not day_file(data_dir).exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("add", "x", "--at", "25:00"), "expected a time HH:MM"),
        (("add", "x", "--at", "24:60"), "expected a time HH:MM"),
        (("add", "x", "--at", "9"), "expected a time HH:MM"),
        (("add", "x", "--at", "09:00", "--kind", "party"), "invalid choice: 'party'"),
        (("add", "x", "--at", "09:00", "--minutes", "-5"), "expected whole minutes"),
        (("add", "x"), "the following arguments are required: --at"),
        (("today", "--date", "2026-02-30"), "is not a real date"),
        (("today", "--date", "26.11.2026"), "expected a date YYYY-MM-DD"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("--view", "month"), "invalid choice: 'month'"),
        # Linux caps one argv string at 128 KiB; NUL cannot be passed at all (covered by model tests).
        (("add", "x" * 120_000, "--at", "09:00"), "title: String should have at most 500 characters"),
        (("add", " ", "--at", "09:00"), "title: must not be empty"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(data_dir: Path, args: tuple[str, ...], fragment: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert_one_clean_line(result)
    assert fragment in result.stderr
    assert not (data_dir / "days").exists() or not any((data_dir / "days").iterdir())


@pytest.mark.parametrize("args", [("--view", "week"), ("--view=week",), ("--view", "week", "--date", DAY)])
def test_view_week_without_a_terminal_prints_the_agenda(data_dir: Path, args: tuple[str, ...]) -> None:
    """`--view V` alone takes the bare command's path (no parser); with --date the parser's. Neither hangs."""
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Thursday 26 November 2026")


MALFORMED = b'version = 1\ndate = 2026-11-26\nzone = "Europe/Berlin"\n\n[[tasks]]\nid = "a"\ntitle = "unterminated\n'


def test_malformed_day_file_is_reported_and_left_byte_for_byte(data_dir: Path) -> None:
    assert run("paths").returncode == 0
    run("today")  # creates the data dir
    path = day_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(MALFORMED)
    for args in (("today", "--date", DAY), ("done", "1", "--date", DAY), ("add", "x", "--at", "09:00", "--date", DAY)):
        result = run(*args)
        assert result.returncode == 1, (args, result.stderr)
        assert_one_clean_line(result)
        assert result.stderr.startswith(f"{path}:7:")
        assert path.read_bytes() == MALFORMED
    result = run("check")
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:7:")
    assert path.read_bytes() == MALFORMED


def test_wrong_type_is_reported_with_field_path(data_dir: Path) -> None:
    run("today")
    path = day_file(data_dir)
    path.write_text('version = 1\ndate = 2026-11-26\nzone = "Europe/Berlin"\n\n[[tasks]]\nid = "a"\ntitle = "A"\nstart = "9 o\'clock"\n')
    result = run("check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:8: tasks[0].start: Input should be in a valid time format, invalid character in hour (got \"9 o'clock\")"
    ]


def test_check_ok_and_paths(data_dir: Path, config_path: Path) -> None:
    run("done", "1", "--date", DAY)
    result = run("check")
    assert result.returncode == 0 and result.stdout == "ok: config, routine and 1 day file(s) are valid\n"
    result = run("paths")
    assert result.stdout.splitlines() == [
        f"data dir    {data_dir}",
        f"config      {config_path}  (not created yet: defaults in use)",
        f"themes dir  {config_path.parent / 'themes'}",
        "zone        Europe/Berlin  ($TZ)",
    ]


def test_data_dir_option_overrides_env(tmp_path: Path, data_dir: Path) -> None:
    other = tmp_path / "elsewhere"
    assert run("--data-dir", str(other), "done", "1", "--date", DAY).returncode == 0
    assert run("done", "2", "--data-dir", str(other), "--date", DAY).returncode == 0
    assert (other / "days" / f"{DAY}.toml").exists()
    assert not data_dir.exists()


def test_broken_config_warns_for_today_and_fails_check(data_dir: Path, config_path: Path) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text("lead_minutes = -3\n")
    result = run("today", "--date", DAY)
    assert result.returncode == 0 and "Morning" in result.stdout
    assert result.stderr.startswith(f"smm-tui: warning: {config_path}:1: lead_minutes:")
    result = run("check")
    assert result.returncode == 1 and result.stdout.startswith(f"{config_path}:1: lead_minutes:")


def test_today_json_is_the_versioned_document(data_dir: Path) -> None:
    run("done", "wake-0530", "--date", DAY)
    doc = json.loads(run("today", "--json", "--date", DAY).stdout)
    assert doc["schema"] == "smm-tui/day" and doc["version"] == 1
    assert doc["date"] == DAY and doc["zone"] == "Europe/Berlin" and doc["source"] == "file"
    first = doc["bands"][0]["tasks"][0]
    assert first["id"] == "wake-0530" and first["status"] == "done" and first["overdue"] is False
    assert doc["bands"][0]["tasks"][2]["overdue"] is True
    assert doc["counts"]["done"] == 1 and doc["generated_at"] == "2026-11-26T09:10:00+01:00"


def test_hostile_titles_are_shown_escaped(data_dir: Path) -> None:
    assert run("add", "evil \x1b[2J\x1b]0;pwned\x07 title", "--at", "09:00", "--date", DAY).returncode == 0
    out = run("today", "--date", DAY).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "evil \\x1b[2J\\x1b]0;pwned\\x07 title" in out


def test_second_today_uses_the_snapshot_without_pydantic(data_dir: Path) -> None:
    first = run("today", "--date", DAY)
    second = subprocess.run([sys.executable, "-X", "importtime", "-m", "smm_tui", "today", "--date", DAY],
                            capture_output=True, text=True, env=dict(os.environ, SMM_TUI_NOW=NOW), timeout=60)
    assert second.stdout == first.stdout
    assert "pydantic" not in second.stderr, "a cache hit must not import pydantic"


@pytest.mark.parametrize("change", [
    ("done", "wake-0530"), ("skip", "2"), ("undone", "wake-0530"),
    ("add", "Call the agency", "--at", "11:15"),
])
def test_a_change_refreshes_the_snapshot_so_the_next_today_needs_no_pydantic(
    data_dir: Path, change: tuple[str, ...]
) -> None:
    run("done", "wake-0530", "--date", DAY)  # the day has a file (undone has something to undo)
    changed = run(*change, "--date", DAY)
    assert changed.returncode == 0, changed.stderr
    after = subprocess.run([sys.executable, "-X", "importtime", "-m", "smm_tui", "today", "--date", DAY],
                           capture_output=True, text=True, env=dict(os.environ, SMM_TUI_NOW=NOW), timeout=60)
    assert after.returncode == 0
    assert "pydantic" not in after.stderr, f"'{change[0]}' left a stale snapshot: today had to validate"
    assert after.stdout == run("today", "--date", DAY, env={"SMM_TUI_NO_SNAPSHOT": "1"}).stdout


def test_a_change_with_a_broken_config_leaves_no_snapshot_and_no_extra_warning(
    data_dir: Path, config_path: Path
) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("lead_minutes = 'ten'\n")
    result = run("done", "wake-0530", "--date", DAY)
    assert result.returncode == 0 and result.stderr == ""
    assert not list((data_dir / ".cache").glob("day-*"))


def test_outside_edit_is_seen_by_today(data_dir: Path) -> None:
    run("done", "1", "--date", DAY)
    run("today", "--date", DAY)  # warms the snapshot
    path = day_file(data_dir)
    path.write_text(path.read_text().replace("Wake up: email", "Wake up slowly: email"))
    assert "Wake up slowly" in run("today", "--date", DAY).stdout


def test_no_traceback_on_unwritable_data_dir(tmp_path: Path) -> None:
    locked = tmp_path / "ro"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:
        # root ignores permissions; use a file where a directory must be instead
        locked = tmp_path / "file"
        locked.write_text("")
    result = run("--data-dir", str(locked / "data"), "done", "1")
    assert result.returncode == 1
    assert_one_clean_line(result)


def test_check_reports_a_broken_user_theme(data_dir: Path, config_path: Path) -> None:
    themes = config_path.parent / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('[colors]\nprimary = "#12345"\n')
    result = run("check")
    assert result.returncode == 1
    assert result.stdout.startswith(f"{themes / 'mine.toml'}:2: colors.primary: expected a hex colour")


@pytest.mark.parametrize(
    "args",
    [
        ("today", "\x1b[2J"),                       # argparse echoes unrecognized arguments
        ("paths", "--config", "/tmp/\x1b[1mc\x9b2J"),  # paths are printed
        ("done", "\x1b]0;pwned\x07"),               # the REF is echoed in "no task ..."
        ("--data-dir", "/nonexistent/\x1b[2J/\u202edata", "check"),
    ],
)
def test_terminal_escapes_in_arguments_are_never_echoed_raw(data_dir: Path, args: tuple[str, ...]) -> None:
    result = run(*args)
    for stream in (result.stdout, result.stderr):
        assert not any(ch in stream for ch in "\x1b\x07\x9b\u202e"), stream
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("damage", ["field", "nesting", "bit"])
def test_a_damaged_snapshot_falls_back_to_the_files(data_dir: Path, damage: str) -> None:
    first = run("today", "--date", DAY)
    cached = data_dir / ".cache" / f"day-{DAY}.snap"
    blob = cached.read_bytes()
    doc = marshal.loads(blob[len(snapshot.MAGIC) + snapshot.DIGEST_SIZE:])
    if damage == "field":  # right key and checksum, broken document
        doc["doc"]["bands"][0]["tasks"][0]["start"] = "99:99"
        cached.write_bytes(snapshot.pack(doc["key"], doc["doc"]))
    elif damage == "nesting":  # right key and checksum, a document of nested lists
        deep: list[object] = []
        for _ in range(1500):
            deep = [deep]
        cached.write_bytes(snapshot.pack(doc["key"], {"bands": deep}))
    else:  # a flipped bit on disk
        cached.write_bytes(blob[:-3] + bytes([blob[-3] ^ 4]) + blob[-2:])
    again = run("today", "--date", DAY)
    assert again.returncode == 0 and again.stdout == first.stdout, again.stderr
