"""txt, md and json exports, the registry and the export options (frozen clock, golden files)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smm_tui.core.agenda import render_json, render_text
from smm_tui.core.errors import UsageError
from smm_tui.core.export import (
    FORMAT_NAMES,
    FORMATS,
    MAX_RANGE_DAYS,
    RANGE_FORMATS,
    ExportOptions,
    Palette,
    days_between,
    export_day,
    export_file_name,
    export_range,
    get_format,
    md,
)
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.timeline import BandStarts, build

DATA = Path(__file__).parent.parent / "data"
DAY = date(2026, 11, 26)
BERLIN = ZoneInfo("Europe/Berlin")


def test_registry_lists_every_format_once_with_its_range_support() -> None:
    assert FORMAT_NAMES == ("svg", "html", "ics", "md", "txt", "json")
    assert RANGE_FORMATS == ("ics", "md", "json")
    assert {f.extension for f in FORMATS.values()} == set(FORMAT_NAMES)
    assert FORMATS["ics"].media_type == "text/calendar"
    with pytest.raises(UsageError, match="unknown export format 'pdf'"):
        get_format("pdf")


def test_cli_lists_the_same_formats_without_importing_the_registry() -> None:
    from smm_tui.cli import EXPORT_FORMATS

    assert EXPORT_FORMATS == FORMAT_NAMES


def test_txt_is_exactly_the_today_agenda_golden(worked: Store) -> None:
    data = export_day(worked, DAY, "txt")
    assert data.decode() == (DATA / "today-2026-11-26.txt").read_text()
    assert data.decode() == render_text(build(worked.load_day(DAY)), worked.clock.now())


def test_md_checklist_golden(worked: Store) -> None:
    assert export_day(worked, DAY, "md").decode() == (DATA / "export-2026-11-26.md").read_text()


def test_md_escapes_markup_and_control_characters() -> None:
    d = Day(date=DAY, zone="UTC", note="*bold*", tasks=(
        Task(id="x", title="[click](http://evil) <script>|`code`_x_ ~~s~~\x1b[2J\nnext", start=time(9, 0),
             note="a|b"),))
    options = ExportOptions(now=datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("UTC")))
    text = md.render_day(build(d), options).decode()
    line = next(line for line in text.splitlines() if line.startswith("- [ ]"))
    assert line == (r"- [ ] 09:00 ◉ \[click\](http://evil) \<script\>\|\`code\`\_x\_ \~\~s\~\~\\x1b\[2J\\nnext"
                    r" — a\|b")
    assert "> \\*bold\\*" in text


def test_md_range_has_one_section_per_day(worked: Store) -> None:
    text = export_range(worked, date(2026, 11, 25), DAY, "md").decode()
    assert text.startswith("# Days 25 November 2026 to 26 November 2026\n")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Wednesday 25 November 2026", "## Thursday 26 November 2026"]
    assert text.count("### Morning") == 2


def test_json_day_is_the_today_document(worked: Store) -> None:
    data = export_day(worked, DAY, "json").decode()
    assert data == render_json(build(worked.load_day(DAY), source="file"), worked.clock.now())
    doc = json.loads(data)
    assert doc["schema"] == "smm-tui/day" and doc["version"] == 1 and doc["source"] == "file"


def test_json_range_document(worked: Store) -> None:
    doc = json.loads(export_range(worked, date(2026, 11, 24), DAY, "json"))
    assert doc["schema"] == "smm-tui/days" and doc["version"] == 1
    assert (doc["from"], doc["to"]) == ("2026-11-24", "2026-11-26")
    assert [d["date"] for d in doc["days"]] == ["2026-11-24", "2026-11-25", "2026-11-26"]
    assert [d["source"] for d in doc["days"]] == ["routine", "routine", "file"]
    assert doc["generated_at"] == "2026-11-26T09:10:00+01:00"
    assert all(d["schema"] == "smm-tui/day" for d in doc["days"])


def test_range_is_refused_for_single_day_formats(worked: Store) -> None:
    for fmt in ("svg", "html", "txt"):
        with pytest.raises(UsageError, match=f"{fmt} holds one day"):
            export_range(worked, DAY, DAY, fmt)


def test_days_between_checks_order_and_size() -> None:
    assert days_between(DAY, DAY) == [DAY]
    assert len(days_between(date(2026, 1, 1), date(2026, 12, 31))) == 365
    with pytest.raises(UsageError, match="reversed"):
        days_between(DAY, date(2026, 11, 25))
    with pytest.raises(UsageError, match=f"the limit is {MAX_RANGE_DAYS}"):
        days_between(date(2025, 1, 1), date(2026, 1, 2))


def test_export_file_names_are_fixed_patterns() -> None:
    assert export_file_name(DAY, "svg") == "smm-day-2026-11-26.svg"
    assert export_file_name(DAY, "ics", date(2026, 12, 1)) == "smm-days-2026-11-26-to-2026-12-01.ics"
    assert export_file_name(DAY, "json", DAY) == "smm-day-2026-11-26.json"


def test_band_starts_from_settings_are_used(worked: Store) -> None:
    from smm_tui.config import Settings

    settings = Settings.model_validate({"bands": {"lunch": time(11, 0), "afternoon": time(12, 30),
                                                  "evening": time(18, 0)}})
    text = export_day(worked, DAY, "md", settings=settings).decode()
    lunch = text.split("## Lunch")[1].split("## Afternoon")[0]
    assert "- [ ] 12:00 ◉ Lunch" in lunch
    assert ExportOptions.from_settings(settings, worked.clock.now()).bands == BandStarts(
        time(11, 0), time(12, 30), time(18, 0))


def test_lead_for_follows_task_then_kind_then_default() -> None:
    d = Day(date=DAY, zone="UTC", tasks=(
        Task(id="a", title="own", start=time(9, 0), lead=3),
        Task(id="b", title="meet", start=time(10, 0), kind="meeting"),
        Task(id="c", title="other", start=time(11, 0)),
    ))
    options = ExportOptions(now=datetime(2026, 11, 26, tzinfo=ZoneInfo("UTC")), lead_minutes=7,
                            kind_leads={"meeting": 15})
    assert [options.lead_for(e) for e in build(d).entries] == [3, 15, 7]


def test_options_need_an_aware_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ExportOptions(now=datetime(2026, 11, 26, 9, 0))


def test_fallback_palette_matches_the_hectic_theme() -> None:
    from smm_tui.themes.spec import builtin_themes

    assert Palette() == Palette.from_theme(builtin_themes()["hectic"])


def test_palette_refuses_anything_but_hex_colours() -> None:
    with pytest.raises(ValueError, match="hex colour"):
        Palette(background='#fff" onload="x')
    assert Palette(primary="#abc").primary == "#AABBCC"
