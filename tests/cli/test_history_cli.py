"""`smm-tui stats` and `smm-tui search` through cli.main."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from smm_tui.cli import history as cli_history
from smm_tui.core import models, stats
from smm_tui.core.clock import FrozenClock
from smm_tui.core.store import Store

Cli = Callable[..., tuple[int, str, str]]


def test_parser_choices_match_the_core() -> None:
    assert cli_history.BY == stats.BY
    assert set(cli_history.STATUSES) | {"todo"} == set(stats.SEARCH_STATUSES)
    assert stats.WEEKDAYS == models.WEEKDAYS


def test_stats_week_json_is_versioned_and_counts_worked_days(cli: Cli, clock: FrozenClock, data_dir: Path) -> None:
    store = Store(data_dir, clock).open()
    store.update_day(date(2026, 11, 24), lambda d: d.toggle("wake-0530", clock.now()))
    store.update_day(date(2026, 11, 25), lambda d: d.set_status("lunch-1200", "skipped", clock.now()))
    code, out, err = cli("stats", "--json", "--by", "weekday")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["schema"], doc["version"], doc["from"], doc["to"]) == ("smm-tui/stats", 1, "2026-11-23", "2026-11-29")
    assert (doc["days"], doc["days_without_file"]) == (2, 1)  # the 23rd; the 26th on is not past
    assert list(doc["groups"]) == ["tue", "wed"]
    assert doc["total"]["done"] == 1 and doc["total"]["skipped"] == 1
    assert doc["total"]["missed"] == doc["total"]["planned"] - 2  # both days are over at the frozen now
    assert doc["most_skipped_slots"][0]["slot"] == "lunch"
    code, out, _ = cli("stats", "--month")
    assert code == 0 and out.startswith("2026-11-01 to 2026-11-30: 30 day(s), 2 with a file")


def test_search_prints_date_and_time_newest_first(cli: Cli, clock: FrozenClock, data_dir: Path) -> None:
    store = Store(data_dir, clock).open()
    for offset in range(3):
        store.update_day(date(2026, 11, 20) + timedelta(days=offset), lambda d: d.toggle("lunch-1200", clock.now()))
    code, out, _ = cli("search", "foursquare", "--status", "done")
    assert code == 0
    assert [line[:16] for line in out.splitlines()] == ["2026-11-22 12:00", "2026-11-21 12:00", "2026-11-20 12:00"]
    assert cli("search", "nothing like this")[0] == 1


@pytest.mark.parametrize("args", [
    ("stats", "--from", "2026-11-01"),
    ("stats", "--from", "2026-11-10", "--to", "2026-11-01"),
    ("stats", "--week", "--month"),
    ("stats", "--by", "colour"),
    ("search", " "),
    ("search", "x", "--status", "late"),
    ("search", "x", "--limit", "0"),
    ("search", "x", "--limit", "５"),
])
def test_bad_input_is_one_line_and_exit_2(cli: Cli, capsys: pytest.CaptureFixture[str],
                                          args: tuple[str, ...]) -> None:
    try:
        code, _, err = cli(*args)
    except SystemExit as exc:
        code, err = int(str(exc.code)), capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_long_first_build_shows_one_progress_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    report = cli_history._progress()
    assert report is not None
    report(10, 10)  # a short refresh: nothing
    for done in (200, 400, 450):
        report(done, 450)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("indexing history: 450/450 day files\n")
    assert err.count("\r") == 3
    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    assert cli_history._progress() is None
