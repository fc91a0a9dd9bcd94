"""`smm-tui free` and `smm-tui add --at next` (in-process through cli.main, the frozen clock at 09:10)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.models import Task
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)
NEXT = date(2026, 11, 27)


def test_free_lists_what_is_left_of_today(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, err = cli("free")
    assert code == 0, err
    assert out.splitlines() == ["10:30–12:00  1 h 30 min", "17:00–18:00  1 h", "18:30–19:00  30 min",
                                "22:00–23:00  1 h", "23:15–24:00  45 min"]
    code, out, _ = cli("free", "--minutes", "60", "--json")
    doc = json.loads(out)
    assert (doc["date"], doc["zone"], doc["minutes"]) == ("2026-11-26", "Europe/Berlin", 60)
    assert [(g["start"], g["end"], g["minutes"]) for g in doc["gaps"]] == [
        ("10:30", "12:00", 90), ("17:00", "18:00", 60), ("22:00", "23:00", 60)]
    assert doc["gaps"][0]["starts_at"] == "2026-11-26T09:30:00+00:00"


def test_free_on_another_day_from_its_start_and_the_tail_of_the_day_before(
        cli: Callable[..., tuple[int, str, str]], store: Store) -> None:
    store.update_day(DAY, lambda d: d.with_task(Task(id="late", title="Late call", start=time(23, 30), minutes=90)))
    code, out, _ = cli("free", "--date", "2026-11-27", "--minutes", "120")
    assert code == 0
    assert out.splitlines()[0] == "01:00–05:30  4 h 30 min"  # until 01:00 the call of the 26th runs on


def test_free_says_when_there_is_none(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, err = cli("free", "--minutes", "600")
    assert (code, out) == (0, "")
    assert err == "smm-tui free: no free gap of 10 h left on 2026-11-26\n"


def test_add_at_next_takes_the_next_gap_long_enough(cli: Callable[..., tuple[int, str, str]], data_dir: Path,
                                                    clock: FrozenClock) -> None:
    code, out, err = cli("add", "Write the thread", "--at", "next", "--minutes", "60", "--kind", "publish")
    assert code == 0, err
    task = Store(data_dir, clock).load_day(DAY).task(out.strip())
    assert (task.start, task.minutes) == (time(10, 30), 60)
    code, out, _ = cli("add", "Quick check", "--at", "next", "--kind", "checkin")  # task_minutes: 30
    task = Store(data_dir, clock).load_day(DAY).task(out.strip())
    assert (task.start, task.minutes) == (time(11, 30), 30)


def test_add_at_next_uses_task_minutes_from_config(cli: Callable[..., tuple[int, str, str]], data_dir: Path,
                                                   config_path: Path, clock: FrozenClock) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("task_minutes = 45\n")
    _, out, _ = cli("add", "Draft", "--at", "next", "--kind", "publish")
    task = Store(data_dir, clock).load_day(DAY).task(out.strip())
    assert (task.start, task.minutes) == (time(10, 30), 45)


def test_add_at_next_from_now_on_a_whole_five_minutes(cli: Callable[..., tuple[int, str, str]], store: Store,
                                                      data_dir: Path, clock: FrozenClock) -> None:
    store.update_day(DAY, lambda d: d.model_copy(update={"tasks": ()}))  # an empty day: free from now
    _, out, _ = cli("add", "Now", "--at", "next", "--kind", "checkin")
    assert Store(data_dir, clock).load_day(DAY).task(out.strip()).start == time(9, 10)
    clock.set(clock.now().replace(minute=11, second=30))
    _, out, _ = cli("add", "Later", "--at", "next", "--minutes", "5", "--kind", "checkin")
    assert Store(data_dir, clock).load_day(DAY).task(out.strip()).start == time(9, 40)  # after the first


@pytest.mark.parametrize(("args", "code", "message"), [
    (("add", "x", "--at", "next", "--minutes", "1000"), 1,
     "smm-tui add --at next: no free gap of 16 h 40 min left on 2026-11-26; give a time with --at HH:MM"),
    (("add", "x", "--at", "next", "--date", "2026-11-25"), 2,
     "smm-tui add --at next: 2026-11-25 is over; give a time with --at HH:MM"),
    (("add", "x", "--at", "next", "--repeat", "daily"), 2,
     "smm-tui add: --at next is one free gap on one day; a repeating slot needs --at HH:MM"),
])
def test_add_at_next_refusals_are_one_line(cli: Callable[..., tuple[int, str, str]], data_dir: Path,
                                           args: tuple[str, ...], code: int, message: str) -> None:
    got, out, err = cli(*args)
    assert (got, out, err.strip()) == (code, "", message)
    assert not (data_dir / "days").exists() or not list((data_dir / "days").iterdir())


def test_at_must_be_a_time_or_next(cli: Callable[..., tuple[int, str, str]],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("add", "x", "--at", "nxt")
    assert exc.value.code == 2
    assert "expected a time HH:MM from 00:00 to 23:59 or `next`, got 'nxt'" in capsys.readouterr().err
