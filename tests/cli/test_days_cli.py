"""`smm-tui move / edit / delete`: in-process through cli.main (fast), plus one real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)
NEXT = date(2026, 11, 27)


def reader(data_dir: Path, clock: FrozenClock) -> Store:
    return Store(data_dir, clock)


def test_move_several_refs_to_another_day_with_a_time(cli, data_dir: Path, clock: FrozenClock) -> None:
    code, out, err = cli("move", "1", "news-0600", "--to", "2026-11-27T10:45")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2 and all(line.startswith("moved: ") and "2026-11-27  10:45" in line for line in lines)
    assert "(was wake-0530)" in lines[0]  # the routine has wake-0530 on the 27th too: a new id
    store = reader(data_dir, clock)
    assert {"wake-0530", "news-0600"}.isdisjoint({t.id for t in store.load_day(DAY).tasks})
    assert sum(t.start == time(10, 45) for t in store.load_day(NEXT).tasks) == 2


def test_move_within_the_day_changes_the_time(cli, data_dir: Path, clock: FrozenClock) -> None:
    code, out, _ = cli("move", "blog-0830", "--to", "todayT11:00")
    assert code == 0 and out.startswith("moved: blog-0830  2026-11-26  11:00")
    assert reader(data_dir, clock).load_day(DAY).task("blog-0830").start == time(11, 0)


def test_move_reads_the_same_targets_as_the_app(cli, data_dir: Path, clock: FrozenClock) -> None:
    """`--to` goes through core.when like the app's m dialog: +N and weekdays count from the task's day."""
    assert cli("move", "blog-0830", "--to", "10:15")[0] == 0  # a time alone: the same day
    assert reader(data_dir, clock).load_day(DAY).task("blog-0830").start == time(10, 15)
    code, out, err = cli("move", "blog-0830", "--to", "mon 09:00")  # the 26th is a Thursday
    assert code == 0, err
    assert "2026-11-30  09:00" in out
    code, out, err = cli("move", "news-0600", "--to", "+2")
    assert code == 0 and "2026-11-28  06:00" in out, err


def test_edit_changes_only_the_given_fields(cli, data_dir: Path, clock: FrozenClock) -> None:
    code, _, err = cli("edit", "criticism-0700", "--title", "Answer the review", "--platform", "x,email",
                         "--minutes", "45", "--note", "be kind")
    assert code == 0, err
    task = reader(data_dir, clock).load_day(DAY).task("criticism-0700")
    assert (task.title, task.platforms, task.minutes, task.note, task.kind) == (
        "Answer the review", ("x", "email"), 45, "be kind", "reply")
    assert cli("edit", "criticism-0700", "--platform", "")[0] == 0
    assert reader(data_dir, clock).load_day(DAY).task("criticism-0700").platforms == ()


def test_delete_several_refs_by_their_positions_before_the_change(cli, data_dir: Path, clock: FrozenClock) -> None:
    before = reader(data_dir, clock).load_day(DAY).ordered()
    code, out, _ = cli("delete", "1", "2")
    assert code == 0 and [line.split()[1] for line in out.splitlines()] == [before[0].id, before[1].id]
    assert {t.id for t in reader(data_dir, clock).load_day(DAY).tasks} == {t.id for t in before[2:]}


@pytest.mark.parametrize("args", [
    ("move", "1", "99", "--to", "tomorrow"),
    ("move", "1", "--to", "today"),
    ("move", "1", "--to", "2026-13-01"),
    ("move", "1", "--to", "tomorrowT24:00"),
    ("move", "1", "--to", "２０２６-11-27"),
    ("move", "1"),
    ("edit", "1"),
    ("edit", "1", "--title", " "),
    ("edit", "1", "--platform", "two words"),
    ("edit", "nope", "--title", "x"),
    ("delete", "1", "nope"),
    ("delete",),
])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli, data_dir: Path, args: tuple[str, ...]) -> None:
    cli("today")  # sets the data dir up
    try:
        code, _, err = cli(*args)
    except SystemExit as exc:  # argparse's own refusals
        code, err = int(str(exc.code)), ""
    assert code == 2
    assert "Traceback" not in err and len(err.splitlines()) <= 1
    assert not (data_dir / "days").exists() or not list((data_dir / "days").iterdir())


def test_move_in_a_real_process(data_dir: Path) -> None:
    env = dict(os.environ, SMM_TUI_NOW="2026-11-26T09:10:00+01:00")
    result = subprocess.run([sys.executable, "-m", "smm_tui", "move", "3", "--to", "tomorrow"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("moved: criticism-0700  2026-11-27  07:00") or "(was criticism-0700)" in result.stdout
    assert not (data_dir / "move.journal.toml").exists()
