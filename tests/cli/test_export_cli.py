"""`smm-tui export` and `smm-tui import` through real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest

from helpers.cli import NOW, one_line, smm

DAY = "2026-11-26"
DATA = Path(__file__).parent.parent / "data"


def run_bytes(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "smm_tui", *args], capture_output=True,
                          env=dict(os.environ, SMM_TUI_NOW=NOW), timeout=60)


def test_txt_export_is_the_today_output(data_dir: Path) -> None:
    assert smm("done", "1", "--date", DAY).returncode == 0
    exported = smm("export", "--format", "txt", "--date", DAY)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == smm("today", "--date", DAY).stdout


def test_svg_to_a_file_then_refused_then_forced(tmp_path: Path, data_dir: Path) -> None:
    target = tmp_path / "day.svg"
    result = smm("export", "-f", "svg", "--date", DAY, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{target}\n"
    first = target.read_bytes()
    assert len(ET.fromstring(first).findall(".//{http://www.w3.org/2000/svg}g[@class='task']")) == 20
    again = smm("export", "-f", "svg", "--date", DAY, "-o", str(target))
    assert again.returncode == 2
    assert one_line(again) == f"smm-tui export: {target}: already exists; use --force to replace it"
    assert target.read_bytes() == first
    smm("done", "1", "--date", DAY)
    forced = smm("export", "-f", "svg", "--date", DAY, "-o", str(target), "--force")
    assert forced.returncode == 0 and target.read_bytes() != first


def test_output_folder_gets_the_standard_name(tmp_path: Path, data_dir: Path) -> None:
    result = smm("export", "-f", "ics", "--date", DAY, "-o", str(tmp_path))
    assert result.returncode == 0
    assert (tmp_path / "smm-day-2026-11-26.ics").exists()
    ranged = smm("export", "-f", "md", "--from", "2026-11-24", "--to", DAY, "-o", str(tmp_path))
    assert ranged.stdout.strip() == str(tmp_path / "smm-days-2026-11-24-to-2026-11-26.md")


def test_writes_through_a_symlink_only_with_force(tmp_path: Path, data_dir: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.md"
    link.symlink_to(victim)
    result = smm("export", "-f", "md", "--date", DAY, "-o", str(link))
    assert result.returncode == 2
    assert one_line(result) == f"smm-tui export: {link}: is a symlink; use --force to write through it to its file"
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    assert smm("export", "-f", "md", "--date", DAY, "-o", str(dangling)).returncode == 2
    assert not (tmp_path / "nowhere.md").exists()
    forced = smm("export", "-f", "md", "--date", DAY, "-o", str(link), "--force")
    assert forced.returncode == 0
    assert link.is_symlink() and victim.read_text().startswith("# Thursday 26 November 2026")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "pdf"), "argument --format/-f: invalid choice: 'pdf'"),
        (("--date", DAY), "the following arguments are required: --format/-f"),
        (("-f", "svg", "--from", "2026-11-20", "--to", DAY),
         "smm-tui export: svg holds one day; export a range (--from/--to) as ics, md, json"),
        (("-f", "html", "--from", "2026-11-20", "--to", DAY), "html holds one day"),
        (("-f", "txt", "--from", "2026-11-20", "--to", DAY), "txt holds one day"),
        (("-f", "ics", "--from", "2026-11-20"), "smm-tui export: --from and --to go together"),
        (("-f", "ics", "--date", DAY, "--from", "2026-11-20", "--to", DAY), "either --date or --from/--to"),
        (("-f", "md", "--from", DAY, "--to", "2026-11-20"),
         "smm-tui export: the range is reversed: --from 2026-11-26 is after --to 2026-11-20"),
        (("-f", "json", "--from", "2025-01-01", "--to", "2026-01-02"), "the range covers 367 days; the limit is 366"),
        (("-f", "md", "--date", "2026-02-30"), "is not a real date"),
        (("-f", "md", "--from", "26.11.2026", "--to", DAY), "expected a date YYYY-MM-DD"),
        (("-f", "svg", "--theme", "neon"), "unknown theme 'neon' (available: contrast, hectic, midnight, paper)"),
        (("-f", "md", "--theme", "paper"), "--theme applies to svg and html, not md"),
        (("-f", "md", "-o", "/nonexistent-dir/"), "smm-tui export: /nonexistent-dir: no such folder"),
        (("-f", "md", "--style", "poster"), "smm-tui export: --style poster is drawn as svg or html, not md"),
        (("-f", "ics", "--style", "lanes"), "smm-tui export: --style lanes is drawn as svg or html, not ics"),
        (("-f", "svg", "--style", "wall"), "argument --style: invalid choice: 'wall'"),
        (("-f", "svg", "--style", "poster", "--week"), "--style poster draws one day (--date D), not a week"),
        (("-f", "svg", "--style", "lanes", "--stats"), "--style lanes draws one day (--date D)"),
        (("-f", "html", "--style", "poster", "--from", "2026-11-20", "--to", DAY), "--style poster draws one day"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(data_dir: Path, args: tuple[str, ...], message: str) -> None:
    result = smm("export", *args)
    assert result.returncode == 2, result.stderr
    assert message in one_line(result)
    assert result.stdout == ""


def test_poster_and_lanes_to_files(tmp_path: Path, data_dir: Path) -> None:
    for style in ("poster", "lanes"):
        target = tmp_path / f"{style}.svg"
        result = smm("export", "-f", "svg", "--style", style, "--date", DAY, "-o", str(target))
        assert result.returncode == 0, result.stderr
        root = ET.fromstring(target.read_bytes())
        groups = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "task"]
        assert len({g.get("data-id") for g in groups}) == 20  # the reference day, every slot drawn
    page = smm("export", "-f", "html", "--style", "poster", "--date", DAY)
    assert page.returncode == 0 and page.stdout.startswith("<!DOCTYPE html>")


def test_lanes_follow_the_lanes_in_the_config(config_path: Path, data_dir: Path) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('lanes = ["linkedin", "x"]\n', encoding="utf-8")
    result = run_bytes("export", "-f", "svg", "--style", "lanes", "--date", DAY)
    assert result.returncode == 0, result.stderr
    lanes = [g.get("data-lane") for g in ET.fromstring(result.stdout).iter("{http://www.w3.org/2000/svg}g")
             if g.get("class") == "lane"]
    assert lanes == ["linkedin", "x", "none"]


def test_unwritable_target_is_a_data_error(tmp_path: Path, data_dir: Path) -> None:
    (tmp_path / "file").write_text("")
    result = smm("export", "-f", "md", "-o", str(tmp_path / "file" / "x.md"))
    assert result.returncode == 1
    assert "cannot write the export" in one_line(result)


def test_json_range_and_ics_alarms_follow_the_config(config_path: Path, data_dir: Path) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text("lead_minutes = 4\n")
    doc = json.loads(smm("export", "-f", "json", "--from", "2026-11-25", "--to", DAY).stdout)
    assert doc["schema"] == "smm-tui/days" and [d["date"] for d in doc["days"]] == ["2026-11-25", DAY]
    cal = icalendar.Calendar.from_ical(run_bytes("export", "-f", "ics", "--date", DAY).stdout)
    lunch = next(ev for ev in cal.walk("VEVENT") if str(ev["X-SMM-ID"]) == "lunch-1200")
    assert [str(a["TRIGGER"].to_ical().decode()) for a in lunch.walk("VALARM")] == ["-PT4M"]


def test_theme_from_config_and_from_the_option(config_path: Path, data_dir: Path) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text('theme = "paper"\n')
    themes = config_path.parent / "themes"
    themes.mkdir()
    (themes / "mine.toml").write_text('[colors]\nprimary = "#112233"\nbackground = "#010101"\n')

    def background(*extra: str) -> str:
        root = ET.fromstring(run_bytes("export", "-f", "svg", "--date", DAY, *extra).stdout)
        return root.find("{http://www.w3.org/2000/svg}rect").get("fill")  # type: ignore[union-attr,return-value]

    from smm_tui.core.export import Palette
    from smm_tui.themes.spec import builtin_themes

    assert background() == Palette.from_theme(builtin_themes()["paper"]).background
    assert background("--theme", "mine") == "#010101"


def test_import_outlook_file_twice(data_dir: Path) -> None:
    source = str(DATA / "outlook-recurring.ics")
    first = smm("import", source, "--from", "2026-10-19", "--to", "2026-11-10")
    assert first.returncode == 0, first.stderr
    assert first.stdout == ("imported outlook-recurring.ics (2026-10-19 to 2026-11-10): 6 added, 0 updated, "
                            "0 unchanged; 6 day(s) changed\n")
    files = {p.name: p.read_bytes() for p in (data_dir / "days").iterdir()}
    second = smm("import", source, "--from", "2026-10-19", "--to", "2026-11-10")
    assert "0 added, 0 updated, 6 unchanged; 0 day(s) changed" in second.stdout
    assert {p.name: p.read_bytes() for p in (data_dir / "days").iterdir()} == files
    agenda = smm("today", "--date", "2026-10-28").stdout  # a day that is over: missed
    assert "17:00  [-]  meeting    Weekly sync with the US team  " not in agenda  # no platforms
    assert "17:00  [-]  meeting    Weekly sync with the US team\n" in agenda


def test_import_default_range_says_when_nothing_is_in_it(data_dir: Path) -> None:
    result = smm("import", str(DATA / "dst-new-york.ics"))  # March only
    assert result.returncode == 0
    assert result.stdout == ("nothing to import from 2026-11-26 to 2026-12-09: the file has 1 event(s) "
                             "(choose the days with --from/--to)\n")


def test_import_errors(tmp_path: Path, data_dir: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:2026XX\nEND:VEVENT\nEND:VCALENDAR\n")
    result = smm("import", str(broken), "--from", DAY, "--to", DAY)
    assert result.returncode == 3  # EXIT_SKIPPED: some events could not be read
    assert one_line(result) == f"smm-tui: {broken}: skipped event 'x' (no title): DTSTART: Expected time, got: 2026XX"
    assert not any((data_dir / "days").glob("*.toml"))
    missing = smm("import", str(tmp_path / "nope.ics"))
    assert missing.returncode == 1 and "cannot read: No such file or directory" in one_line(missing)
    reversed_ = smm("import", str(broken), "--from", DAY, "--to", "2026-11-01")
    assert reversed_.returncode == 2 and "the range is reversed" in one_line(reversed_)


def test_export_then_import_gives_the_same_day(tmp_path: Path, data_dir: Path) -> None:
    smm("done", "1", "--date", DAY)
    smm("skip", "2", "--date", DAY)
    smm("add", "Agency call", "--at", "11:15", "--kind", "meeting", "--platform", "linkedin", "--note",
        "numbers, please", "--lead", "5", "--date", DAY)
    exported = tmp_path / "day.ics"
    assert smm("export", "-f", "ics", "--date", DAY, "-o", str(exported)).returncode == 0
    other = {"SMM_TUI_DATA_DIR": str(tmp_path / "other")}
    result = smm("import", str(exported), "--from", DAY, "--to", DAY, env=other)
    assert result.returncode == 0, result.stderr
    assert smm("today", "--json", "--date", DAY, env=other).stdout == smm("today", "--json", "--date", DAY).stdout
