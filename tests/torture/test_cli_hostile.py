"""Every subcommand with missing, malformed and hostile arguments, and hostile data dirs.

Each run must end with exit 1 (data) or 2 (usage) and exactly one line on
stderr, no traceback, no raw terminal control character in stdout or stderr
(ESC, BEL, C1, bidi overrides: shown escaped, never interpreted), and no file
changed. Runs are real subprocesses, a few at a time.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import harness
import pytest
from corpus import BAD_DATES, BAD_MINUTES, BAD_REFS, BAD_TIMES, HOSTILE_TEXTS, INVALID_TITLES, LARGEST_ARG
from harness import (
    assert_every_command_refuses,
    assert_no_terminal_controls,
    assert_one_line_refusal,
    run_cli_all,
    tree_snapshot,
    without_permission_override,
)

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture

DAY = "2026-11-26"
DATED = ("today", "add", "done", "undone", "skip")


def usage_cases() -> list[tuple[str, ...]]:
    cases: list[tuple[str, ...]] = [
        # missing arguments
        ("add",), ("add", "title"), ("done",), ("undone",), ("skip",), ("today", "--date"), ("--data-dir",),
        ("add", "x", "--at"), ("add", "x", "--at", "09:00", "--minutes"), ("add", "x", "--at", "09:00", "--kind"),
        # unknown things
        ("frobnicate",), ("today", "--frob"), ("today", "extra"), ("check", "--date", DAY), ("paths", "x"),
        ("\x1b[2J",), ("today", "\x1b]0;pwned\x07"), ("--\x9b31m",),
        ("add", "x", "--at", "09:00", "--kind", "party"), ("add", "x", "--at", "09:00", "--kind", "\x1b[2J"),
    ]
    cases += [("add", "x", "--at", t) for t in BAD_TIMES]
    cases += [("add", "x", "--at", "09:00", "--minutes", m) for m in BAD_MINUTES]
    cases += [("add", "x", "--at", "09:00", "--lead", m) for m in BAD_MINUTES]
    cases += [("add", t, "--at", "09:00") for t in INVALID_TITLES if "\x00" not in t]
    cases += [("add", "x", "--at", "09:00", "--platform", p) for p in ("\x1b[2J", "two words", "x" * 33, "a,\u202e")]
    # Every bad date for `today`; the other dated commands share its parser: a sample each.
    for command in DATED:
        extra = {"add": ("x", "--at", "09:00"), "done": ("1",), "undone": ("1",), "skip": ("1",)}.get(command, ())
        dates = BAD_DATES if command == "today" else BAD_DATES[::3]
        cases += [(command, *extra, "--date", d) for d in dates]
    cases += [("--date", d, "today") for d in BAD_DATES[:4]]
    cases += [("done", ref) for ref in BAD_REFS] + [(c, ref) for c in ("undone", "skip") for ref in BAD_REFS[::4]]
    # the status-bar line and the browser server: refused before anything is read or served
    cases += [("next", "--format", t) for t in ("\x1b[2J{x}", "{title.__class__}", "{", "}", "{{}", "{\x9b}")]
    cases += [("next", "--format"), ("next", "extra"), ("next", "--json=1"), ("next", "--data-dir")]
    cases += [("next", "--date", d) for d in BAD_DATES[::3]]
    cases += [("serve", "--port", p) for p in ("0", "65536", "\x1b[2J", "٨٠٠٠", "-1")]
    cases += [("serve", "--host", h) for h in ("0.0.0.0", "\x1b]0;pwned\x07", "example.org")]
    # the longest argument Linux passes (MAX_ARG_STRLEN - 1 bytes): refused by the limits, not a crash
    cases += [("add", "T" * LARGEST_ARG, "--at", "09:00"), ("add", "x", "--at", "09:00", "--note", "n" * LARGEST_ARG),
              ("add", "x", "--at", "09:00", "--platform", "p" * LARGEST_ARG), ("done", "9" * LARGEST_ARG),
              ("done", "\x1b" * LARGEST_ARG), ("today", "--date", "2" * LARGEST_ARG),
              ("next", "--format", "{" + "x" * (LARGEST_ARG - 2) + "}"), ("next", "--format", "{" * LARGEST_ARG)]
    return cases


def test_bad_arguments_one_line_no_change(data_dir: Path, cli_env: dict[str, str]) -> None:
    before = tree_snapshot(data_dir)
    cases = usage_cases()
    runs = run_cli_all(cases, cli_env)
    for run in runs:
        assert_one_line_refusal(run)
        assert run.stdout == "", f"{run.args!r:.200}: printed {run.stdout[:200]!r}"
        assert len(run.stderr) < 1000, f"{run.args!r:.100}: a {len(run.stderr)}-character error line"
    assert tree_snapshot(data_dir) == before, "a refused command changed a file"
    codes = {run.code for run in runs}
    harness.report("cli-hostile/arguments", runs=len(runs), exit_codes=sorted(codes))


def test_an_argument_over_the_kernel_limit_cannot_even_be_passed() -> None:
    """Why LARGEST_ARG: one byte more and exec itself refuses (E2BIG), before smm-tui runs."""
    with pytest.raises(OSError) as info:
        subprocess.run(harness.cli_argv("add", "T" * (LARGEST_ARG + 1), "--at", "09:00"), capture_output=True, timeout=60)
    assert info.value.errno == errno.E2BIG


def test_hostile_titles_round_trip_and_are_shown_escaped(
    data_dir: Path, cli_env: dict[str, str], clock: FrozenClock
) -> None:
    """Valid but hostile titles and notes: saved as given, never echoed raw."""
    runs = run_cli_all([("add", title, "--at", "10:00", "--kind", "reply", "--note", title, "--date", DAY)
                        for title in HOSTILE_TEXTS], cli_env)
    ids = []
    for run in runs:
        assert run.code == 0 and run.stderr == "", (run.args, run.stderr)
        ids.append(run.stdout.strip())
    day = Store(data_dir, clock).load_day(clock.now().date())
    assert [day.task(i).title for i in ids] == list(HOSTILE_TEXTS), "a title was changed on the way in"
    assert [day.task(i).note for i in ids] == list(HOSTILE_TEXTS)
    # done/skip/undone print the title: a sample covering the escapes (ESC, OSC, C1, bidi, BEL, CR).
    marks = [(c, ids[n], "--date", DAY) for n, c in ((0, "done"), (1, "skip"), (3, "done"), (4, "undone"),
                                                      (5, "done"), (6, "skip"), (7, "done"), (10, "skip"))]
    shows = run_cli_all([("today", "--date", DAY), ("today", "--json", "--date", DAY), ("check",), *marks], cli_env)
    for run in shows:
        assert run.code == 0, (run.args, run.stderr)
        assert_no_terminal_controls(run)
    assert "\\x1b[2J\\x1b[H cleared?" in shows[0].stdout and "\\u202eevil RTL override" in shows[0].stdout
    doc = json.loads(shows[1].stdout)
    titles = {t["title"] for band in doc["bands"] for t in band["tasks"]}
    assert set(HOSTILE_TEXTS) <= titles, "the JSON document must carry the titles exactly"


# --- hostile data dirs --------------------------------------------------------------------------

def test_data_dir_that_is_a_file(tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = tmp_path / "not-a-dir"
    path.write_bytes(b"some file\n")
    assert_every_command_refuses(path, cli_env, "the data dir exists but is not a directory")
    assert path.read_bytes() == b"some file\n"


def test_data_dir_inside_a_file(tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = tmp_path / "file"
    path.write_bytes(b"")
    assert_every_command_refuses(path / "data", cli_env, "Not a directory")


def test_routine_that_is_a_directory(data_dir: Path, cli_env: dict[str, str]) -> None:
    """An unreadable routine.toml (EISDIR here): every command that needs it says which file and why."""
    (data_dir / "days" / f"{DAY}.toml").unlink()  # so the day comes from the routine
    (data_dir / "routine.toml").unlink()
    (data_dir / "routine.toml").mkdir(mode=0o700)
    before = tree_snapshot(data_dir)
    runs = run_cli_all([("today", "--date", DAY), ("done", "1", "--date", DAY), ("check",)], cli_env)
    for run in runs:
        assert_one_line_refusal(run, (1,))
        where = run.stdout if run.args == ("check",) else run.stderr
        assert where.startswith(f"{data_dir / 'routine.toml'}: it is a directory, not a regular file"), where
    assert tree_snapshot(data_dir) == before


def test_unreadable_data_dir(tmp_path: Path, cli_env: dict[str, str]) -> None:
    """A data dir the user may not read or enter (mode 000)."""
    data = tmp_path / "data"
    (data / "days").mkdir(parents=True, mode=0o700)
    (data / "days" / f"{DAY}.toml").write_bytes(b"version = 1\n")
    os.chmod(data, 0o000)
    try:
        assert_every_command_refuses(data, cli_env, "ermission denied",
                                     preexec=without_permission_override if os.geteuid() == 0 else None)
    finally:
        os.chmod(data, 0o700)
    assert (data / "days" / f"{DAY}.toml").read_bytes() == b"version = 1\n"


def test_interpreter_is_this_one() -> None:
    assert Path(harness.cli_argv()[0]) == Path(sys.executable)
