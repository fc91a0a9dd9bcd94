"""`smm-tui export --week` and `export --stats` through real subprocesses."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers.cli import one_line, smm

NS = {"s": "http://www.w3.org/2000/svg"}


def test_week_svg_into_a_folder_gets_the_weeks_name(tmp_path: Path, data_dir: Path) -> None:
    assert smm("done", "1", "--date", "2026-11-24").returncode == 0
    result = smm("export", "-f", "svg", "--week", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    target = tmp_path / "smm-week-2026-11-23.svg"
    assert result.stdout == f"{target}\n"
    root = ET.fromstring(target.read_bytes())
    assert root.get("class") == "smm-week" and root.get("data-last") == "2026-11-29"
    done = [g for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "task" and g.get("data-status") == "done"]
    assert [(g.get("data-date"), g.get("data-id")) for g in done] == [("2026-11-24", "wake-0530")]


def test_week_of_a_given_day_and_of_date_are_the_same(data_dir: Path) -> None:
    given = smm("export", "-f", "json", "--week", "2026-12-02")
    assert given.returncode == 0, given.stderr
    doc = json.loads(given.stdout)
    assert (doc["schema"], doc["from"], doc["to"]) == ("smm-tui/week", "2026-11-30", "2026-12-06")
    assert smm("export", "-f", "json", "--week", "--date", "2026-12-02").stdout == given.stdout


@pytest.mark.parametrize("fmt", ["md", "txt", "ics", "html"])
def test_every_format_takes_week(fmt: str, data_dir: Path) -> None:
    result = smm("export", "-f", fmt, "--week")
    assert result.returncode == 0, result.stderr
    assert result.stdout


def test_stats_svg_over_the_month(tmp_path: Path, data_dir: Path) -> None:
    assert smm("done", "1", "2", "--date", "2026-11-24").returncode == 0
    result = smm("export", "-f", "svg", "--stats", "--month", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    target = tmp_path / "smm-stats-2026-11-01-to-2026-11-30.svg"
    assert result.stdout == f"{target}\n"
    root = ET.fromstring(target.read_bytes())
    assert root.get("class") == "smm-stats"
    summary = next(t for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "stats-summary")
    assert summary.get("data-done") == "2" and summary.get("data-planned") == "20"
    week = smm("export", "-f", "html", "--stats")
    assert week.returncode == 0 and 'data-first="2026-11-23"' in week.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("-f", "md", "--stats"), ("--stats draws svg or html, not md (for text or JSON use `smm-tui stats` or "
                               "`smm-tui stats --json`)")),
    (("-f", "svg", "--month"), "--month goes with --stats (a month of days: --from/--to)"),
    (("-f", "svg", "--stats", "--week", "--month"), "--stats takes one range: --week, --month or --from/--to"),
    (("-f", "svg", "--stats", "--from", "2026-11-01"), "--from and --to go together"),
    (("-f", "md", "--week", "--from", "2026-11-01", "--to", "2026-11-03"),
     "give either --week or --from/--to, not both"),
    (("-f", "svg", "--week", "2026-11-20", "--date", "2026-11-20"),
     "give the week's day once: --week DATE or --date DATE"),
    (("-f", "md", "--week", "--theme", "midnight"), "--theme applies to svg and html, not md"),
])
def test_bad_combinations_are_one_line(args: tuple[str, ...], message: str, data_dir: Path) -> None:
    result = smm("export", *args)
    assert result.returncode == 2
    assert one_line(result) == f"smm-tui export: {message}"
    assert result.stdout == ""


def test_a_bad_week_date_is_one_line(data_dir: Path) -> None:
    result = smm("export", "-f", "svg", "--week", "2026-13-01")
    assert result.returncode == 2
    assert "argument --week: '2026-13-01' is not a real date" in one_line(result)


def test_week_starts_on_config_week_start_as_in_the_app(data_dir: Path, config_path: Path) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('week_start = "sunday"\n')
    result = smm("export", "-f", "json", "--week", "2026-11-26")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["from"], doc["to"]) == ("2026-11-22", "2026-11-28")
