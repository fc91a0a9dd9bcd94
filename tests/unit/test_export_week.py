"""`export --week`: the seven days as one svg/html page, and as md, txt, json and ics (frozen clock)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from smm_tui.core.agenda import json_document, render_text
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import UsageError
from smm_tui.core.export import ExportOptions, Palette, export_day, fontmetrics, timeline_of, week_layout
from smm_tui.core.export.week import render_week, week_counts, week_of, week_title
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.timeline import BAND_KEYS, Timeline, build
from smm_tui.themes.spec import builtin_themes

NS = {"s": "http://www.w3.org/2000/svg"}
BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 9, 10, tzinfo=BERLIN)


def worked_week(store: Store, clock: FrozenClock) -> list[Timeline]:
    """Monday to Sunday around the reference Thursday: Monday and Tuesday worked on, the rest untouched."""
    days = week_of(THURSDAY)
    store.update_day(days[0], lambda d: d.toggle("wake-0530", clock.now()).set_status("news-0600", "skipped",
                                                                                       clock.now()))
    store.update_day(days[1], lambda d: d.toggle("criticism-0700", clock.now()))
    options = ExportOptions(now=clock.now())
    return [timeline_of(store, day, options) for day in days]


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(data)


def test_the_week_starts_on_monday_or_on_the_configured_day() -> None:
    assert week_of(THURSDAY) == [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]
    assert week_of(date(2026, 11, 23))[0] == date(2026, 11, 23)
    assert week_of(THURSDAY, "sunday")[0] == date(2026, 11, 22)
    assert week_of(date(2026, 11, 22), "sunday")[-1] == date(2026, 11, 28)
    assert week_of(THURSDAY, 5) == [date(2026, 11, 21) + timedelta(days=n) for n in range(7)]


def test_title_names_the_week_and_its_range() -> None:
    def tl(day: date) -> Timeline:
        return build(Day(date=day, zone="Europe/Berlin"))

    assert week_title([tl(d) for d in week_of(THURSDAY)]) == "Week 48 · Monday 23 to Sunday 29 November 2026"
    spanning = [tl(d) for d in week_of(date(2026, 12, 31))]
    assert week_title(spanning) == "Week 53 · Monday 28 December 2026 to Sunday 03 January 2027"


def test_every_task_of_the_week_is_a_chip_in_its_band_and_day_with_its_state(store: Store,
                                                                             clock: FrozenClock) -> None:
    timelines = worked_week(store, clock)
    root = parse(render_week("svg", timelines, ExportOptions(now=clock.now())))
    assert root.get("class") == "smm-week" and root.get("data-first") == "2026-11-23"
    bands = root.findall("s:g[@class='band']", NS)
    assert [b.get("data-band") for b in bands] == list(BAND_KEYS)
    for band in bands:
        cells = band.findall("s:g[@class='cell']", NS)
        assert [c.get("data-date") for c in cells] == [t.date.isoformat() for t in timelines]
        for cell, timeline in zip(cells, timelines, strict=True):
            wanted = [e for e in timeline.entries if e.band == band.get("data-band")]
            chips = cell.findall("s:g[@class='task']", NS)
            assert [c.get("data-id") for c in chips] == [e.id for e in wanted]
            assert [c.get("data-status") for c in chips] == [timeline.state(e, clock.now()) for e in wanted]
    states = {(g.get("data-date"), g.get("data-id")): g.get("data-status") for g in root.iter(f"{{{NS['s']}}}g")
              if g.get("class") == "task"}
    assert states[("2026-11-23", "wake-0530")] == "done" and states[("2026-11-23", "news-0600")] == "skipped"
    assert states[("2026-11-23", "criticism-0700")] == "missed"  # Monday is over
    assert states[("2026-11-26", "criticism-0700")] == "overdue"  # today, 09:10
    assert states[("2026-11-27", "criticism-0700")] == "open"
    marks = {g.get("id"): [t.get("class") for t in g.findall("s:text", NS) if "mark" in (t.get("class") or "")]
             for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "task"}
    assert marks["task-2026-11-23-wake-0530"] == ["mark done"]
    assert marks["task-2026-11-23-criticism-0700"] == ["mark missed"]
    assert marks["task-2026-11-26-blog-0830"] == ["mark now"]
    assert marks["task-2026-11-27-blog-0830"] == []


def test_the_same_band_lines_up_across_the_days(store: Store, clock: FrozenClock) -> None:
    root = parse(render_week("svg", worked_week(store, clock), ExportOptions(now=clock.now())))
    for band in root.findall("s:g[@class='band']", NS):
        tops = {float(cell.find("s:g/s:rect[@class='card']", NS).get("y"))
                for cell in band.findall("s:g[@class='cell']", NS) if cell.find("s:g", NS) is not None}
        assert len(tops) == 1, band.get("data-band")


def test_the_same_start_time_lines_up_across_the_days(store: Store, clock: FrozenClock) -> None:
    timelines = worked_week(store, clock)
    assert week_layout.Layout(timelines, clock.now()).aligned
    root = parse(render_week("svg", timelines, ExportOptions(now=clock.now())))
    tops: dict[str, set[float]] = {}
    for chip in root.iter(f"{{{NS['s']}}}g"):
        if chip.get("class") == "task" and chip.get("data-id") in ("criticism-0700", "monitor-1000"):
            tops.setdefault(chip.get("data-id"), set()).add(float(chip.find("s:rect[@class='card']", NS).get("y")))
    # Saturday and Sunday have no 09:30 meeting: their 10:00 round still sits beside Monday's.
    assert {key: len(values) for key, values in tops.items()} == {"criticism-0700": 1, "monitor-1000": 1}


def test_headings_count_each_day_and_the_week_with_the_one_definition(store: Store, clock: FrozenClock) -> None:
    timelines = worked_week(store, clock)
    now = clock.now()
    root = parse(render_week("svg", timelines, ExportOptions(now=now)))
    heads = root.findall("s:g[@class='day-head']", NS)
    assert len(heads) == 7
    for head, timeline in zip(heads, timelines, strict=True):
        counts = timeline.counts(now)
        assert {k: int(head.get(f"data-{k}")) for k in counts.as_dict()} == counts.as_dict()
        assert head.find("s:text[@class='day-done']", NS).text == f"{counts.done}/{counts.planned} done"
    summary = root.find(".//s:text[@class='week-summary']", NS)
    assert summary.text == f"Europe/Berlin · {week_counts(timelines, now).summary()}"
    legend = {g.get("data-kind"): int(g.get("data-planned")) for g in root.findall(".//s:g[@class='kind-count']", NS)}
    assert sum(legend.values()) == sum(len(t.entries) for t in timelines)
    today = root.find("s:rect[@class='today']", NS)
    assert today is not None and float(today.get("x")) == pytest.approx(week_layout.GRID_X + 3 * week_layout.COLUMN_W + 2)


def test_titles_fit_their_chips_by_the_font_metrics() -> None:
    long = "Draft " + "very " * 40 + "long title"
    days = [Day(date=d, zone="UTC", tasks=(Task(id="x", title=long, start=time(9, 0), status="done",
                                                done_at=NOW),)) for d in week_of(THURSDAY)]
    root = parse(render_week("svg", [build(d) for d in days], ExportOptions(now=NOW)))
    chip = root.find(".//s:g[@id='task-2026-11-23-x']", NS)
    lines = [t.text for t in chip.findall("s:text[@class='title']/s:tspan", NS)]
    assert len(lines) == 2 and lines[1].endswith("…")
    mark_w = fontmetrics.text_width("✓", week_layout.MARK_SIZE, bold=True) + week_layout.MARK_GAP
    room = week_layout.COLUMN_W - 2 * week_layout.CELL_PAD - week_layout.TITLE_X - week_layout.MARK_GAP - mark_w
    assert all(fontmetrics.text_width(line, week_layout.SIZE) <= room for line in lines)
    assert long in chip.find("s:title", NS).text


def crowded_week(per_day: int) -> list[Timeline]:
    days = []
    for offset, day in enumerate(week_of(THURSDAY)):
        tasks = tuple(Task(id=f"t{n}", title=f"Task number {n} with a title long enough to wrap", kind="reply",
                           start=time(6 + n * 17 // (per_day + 6), (n * 7) % 60)) for n in range(per_day + offset))
        days.append(build(Day(date=day, zone="Europe/Berlin", tasks=tasks)))
    return days


@pytest.mark.parametrize(("per_day", "aligned", "lines", "cut"),
                         [(10, True, 2, False), (20, True, 1, False), (45, False, 1, True), (120, False, 1, True)])
def test_a_crowded_week_still_fits_one_page_and_says_what_it_left_out(per_day: int, aligned: bool, lines: int,
                                                                      cut: bool) -> None:
    timelines = crowded_week(per_day)
    root = parse(render_week("svg", timelines, ExportOptions(now=NOW)))
    assert (root.get("width"), root.get("height")) == (str(week_layout.WIDTH), str(week_layout.HEIGHT))
    bottom = 0.0
    for chip in root.iter(f"{{{NS['s']}}}rect"):
        if chip.get("class") == "card":
            bottom = max(bottom, float(chip.get("y")) + float(chip.get("height")))
    assert bottom <= week_layout.HEIGHT - week_layout.LEGEND_H
    for band in root.findall("s:g[@class='band']", NS):
        for cell, timeline in zip(band.findall("s:g[@class='cell']", NS), timelines, strict=True):
            shown = len(cell.findall("s:g[@class='task']", NS))
            more = cell.find("s:text[@class='more']", NS)
            hidden = int(more.get("data-hidden")) if more is not None else 0
            assert more is None or more.text == f"+{hidden} more"
            assert shown + hidden == sum(e.band == band.get("data-band") for e in timeline.entries)
    assert (root.find(".//s:text[@class='more']", NS) is not None) == cut
    assert week_layout.Layout(timelines, NOW).aligned == aligned
    wrapped = root.find(".//s:text[@class='title']/s:tspan", NS) is not None
    assert wrapped == (lines == 2)


def test_html_prints_on_one_landscape_a4_page_and_a_dark_theme_prints_light(store: Store,
                                                                            clock: FrozenClock) -> None:
    midnight = Palette.from_theme(builtin_themes()["midnight"])
    timelines = worked_week(store, clock)
    page = render_week("html", timelines, ExportOptions(now=clock.now(), palette=midnight)).decode()
    assert "@page { size: A4 landscape; margin: 8mm; }" in page
    assert "<title>smm-tui: Week 48 · Monday 23 to Sunday 29 November 2026</title>" in page
    assert "html { background: #FFFFFF; color: #222222; }" in page  # the print rule
    root = parse(render_week("svg", timelines, ExportOptions(now=clock.now(), palette=midnight)))
    assert "@media print" in root.find("s:style", NS).text
    assert root.find("s:rect[@class='background']", NS).get("data-fill") == "paper"
    for fmt in ("svg", "html"):
        text = render_week(fmt, timelines, ExportOptions(now=clock.now())).decode()
        assert re.findall(r"https?://[^\s\"'<>]*", text) == ["http://www.w3.org/2000/svg"], fmt
        for needle in ("<script", "<image", "<img", "<link", "<foreignObject", "@import", "url(", "href", "src="):
            assert needle not in text, (fmt, needle)


def test_json_is_a_versioned_week_of_day_documents(store: Store, clock: FrozenClock) -> None:
    timelines = worked_week(store, clock)
    now = clock.now()
    doc = json.loads(render_week("json", timelines, ExportOptions(now=now)))
    assert (doc["schema"], doc["version"], doc["week"]) == ("smm-tui/week", 1, "2026-W48")
    assert (doc["from"], doc["to"], doc["generated_at"]) == ("2026-11-23", "2026-11-29", now.isoformat())
    assert doc["counts"] == week_counts(timelines, now).as_dict()
    assert doc["days"] == [json.loads(json.dumps(json_document(t, now))) for t in timelines]


def test_txt_is_the_today_agenda_of_each_day_under_the_weeks_heading(store: Store, clock: FrozenClock) -> None:
    timelines = worked_week(store, clock)
    text = render_week("txt", timelines, ExportOptions(now=clock.now())).decode()
    first = text.split("\n", 1)[0]
    assert first.startswith("Week 48 · Monday 23 to Sunday 29 November 2026  (Europe/Berlin)  ")
    positions = [text.index(render_text(t, clock.now())) for t in timelines]
    assert positions == sorted(positions)


def test_md_has_a_heading_per_day_and_band(store: Store, clock: FrozenClock) -> None:
    text = render_week("md", worked_week(store, clock), ExportOptions(now=clock.now())).decode()
    assert text.startswith("# Week 48 · Monday 23 to Sunday 29 November 2026\n")
    assert re.findall(r"^## (.*)$", text, re.M)[0] == "Monday 23 November 2026"
    assert len(re.findall(r"^## ", text, re.M)) == 7 and len(re.findall(r"^### Morning$", text, re.M)) == 7
    assert "- [x] 05:30" in text and "*skipped*" in text and "**missed**" in text


def uids(data: bytes) -> list[str]:
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def test_ics_holds_all_seven_days_with_the_uids_of_the_day_export(store: Store, clock: FrozenClock) -> None:
    timelines = worked_week(store, clock)
    week = uids(render_week("ics", timelines, ExportOptions(now=clock.now())))
    per_day = [uid for day in week_of(THURSDAY) for uid in uids(export_day(store, day, "ics"))]
    assert week == per_day and len(week) == sum(len(t.entries) for t in timelines)


def test_a_week_is_seven_days(store: Store, clock: FrozenClock) -> None:
    timelines: Sequence[Timeline] = worked_week(store, clock)[:6]
    with pytest.raises(UsageError, match="seven days, got 6"):
        render_week("md", timelines, ExportOptions(now=clock.now()))
