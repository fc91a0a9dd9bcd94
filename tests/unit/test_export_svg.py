"""The svg/html infographic, read back with an XML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from smm_tui.core.clock import FrozenClock
from smm_tui.core.export import ExportOptions, Palette, export_day, fontmetrics, svg
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.timeline import build

NS = {"s": "http://www.w3.org/2000/svg"}
DAY = date(2026, 11, 26)
BERLIN = ZoneInfo("Europe/Berlin")


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(data)


def tasks(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//s:g[@class='task']", NS)


def test_one_group_per_task_in_time_order_inside_the_four_bands(worked: Store) -> None:
    root = parse(export_day(worked, DAY, "svg"))
    timeline = build(worked.load_day(DAY))
    groups = tasks(root)
    assert [g.get("data-id") for g in groups] == [e.id for e in timeline.entries]
    starts = [g.get("data-start") for g in groups]
    assert starts == sorted(starts) and len(groups) == 20
    for group, entry in zip(groups, timeline.entries, strict=True):
        assert group.get("id") == f"task-{entry.id}" and group.get("data-kind") == entry.kind
        texts = {t.get("class"): "".join(t.itertext()) for t in group.findall("s:text", NS)}
        assert texts["time"] == f"{entry.start:%H:%M}"
        assert texts["title"] == entry.title  # the reference titles fit their cards uncut
    bands = root.findall("s:g[@class='band']", NS)
    assert [b.get("data-band") for b in bands] == ["morning", "lunch", "afternoon", "evening"]
    labels = [b.find(".//s:text[@class='band-label']", NS).text for b in bands]
    assert labels == ["Morning", "Lunch", "Afternoon", "Evening"]
    assert bands[3].find(".//s:text[@class='band-hint']", NS).text == "7 pm to next day"
    for band, tl_band in zip(bands, timeline.bands, strict=True):
        assert [g.get("data-id") for g in band.findall("s:g[@class='task']", NS)] == [e.id for e in tl_band.entries]


def test_marks_done_skipped_overdue_and_now(worked: Store) -> None:
    root = parse(export_day(worked, DAY, "svg"))
    status = {g.get("data-id"): g.get("data-status") for g in tasks(root)}
    assert status["wake-0530"] == "done" and status["news-0600"] == "skipped"
    # 09:10: the 07:00 and 07:30 slots have ended open today -> overdue; later ones are open.
    assert [k for k, v in status.items() if v == "overdue"] == ["criticism-0700", "advocates-0730"]
    assert list(status.values()).count("open") == 16
    mark_classes = {g.get("data-id"): [t.get("class") for t in g.findall("s:text", NS) if
                                       (t.get("class") or "").startswith("mark")] for g in tasks(root)}
    assert mark_classes["wake-0530"] == ["mark done"]
    assert mark_classes["news-0600"] == ["mark skipped"]
    assert mark_classes["criticism-0700"] == ["mark overdue"]
    assert mark_classes["blog-0830"] == ["mark now"]  # 08:30-09:30 is running at 09:10
    assert mark_classes["lunch-1200"] == []
    skipped_title = root.find(".//s:g[@id='task-news-0600']/s:text[@class='title']", NS)
    assert skipped_title.get("text-decoration") == "line-through"


def test_footer_counts_match_the_day(worked: Store) -> None:
    root = parse(export_day(worked, DAY, "svg"))
    timeline = build(worked.load_day(DAY))
    items = root.findall(".//s:g[@class='footer']/s:g[@class='kind-count']", NS)
    now = worked.clock.now()
    found = {i.get("data-kind"): (int(i.get("data-done")), int(i.get("data-planned")), int(i.get("data-skipped")),
                                  int(i.get("data-overdue"))) for i in items}
    assert found == {k: (c.done, c.planned, c.skipped, c.overdue) for k, c in timeline.counts_by_kind(now).items()}
    numbers = {i.get("data-kind"): i.find("s:text[@class='kind-numbers']", NS).text for i in items}
    assert numbers["checkin"] == "1/3" and numbers["monitor"] == "0/5"
    total = root.find(".//s:text[@class='total']", NS).text
    assert total == "All slots: 1/20 done, 1 skipped, 18 open (2 overdue)"
    summary = root.find(".//s:text[@class='day-summary']", NS).text
    assert summary == "Europe/Berlin · 1/20 done, 1 skipped, 18 open (2 overdue)"


def test_references_nothing_external(worked: Store) -> None:
    for fmt in ("svg", "html"):
        text = export_day(worked, DAY, fmt).decode()
        assert re.findall(r"https?://[^\s\"'<>]*", text) == ["http://www.w3.org/2000/svg"], fmt
        for needle in ("<script", "<image", "<img", "<link", "<foreignObject", "@import", "url(", "href", "src="):
            assert needle not in text, (fmt, needle)


def test_kind_colours_come_from_the_theme(worked: Store) -> None:
    from smm_tui.themes.spec import builtin_themes

    spec = builtin_themes()["midnight"]
    root = parse(export_day(worked, DAY, "svg", theme=spec))
    circle = root.find(".//s:g[@id='task-leads-0930']/s:circle", NS)
    assert circle.get("fill") == spec.kind_colors()["meeting"].upper()[:7]
    background = root.find("s:rect[@class='background']", NS)
    assert background.get("fill") == Palette.from_theme(spec).background


def test_hostile_text_gives_well_formed_xml_with_visible_escapes() -> None:
    title = 'a <b>&amp; "q" \x00\x01\x1b[2J\x0b \u202e rtl \ufffe \U0001f389 ]]> end'
    day = Day(date=DAY, zone="UTC", note="</svg><script>alert(1)</script>", tasks=(
        Task(id="x", title=title.replace("\x00", ""), start=time(9, 0), platforms=("my<site>",)),))
    data = svg.render_day(build(day), ExportOptions(now=datetime(2026, 11, 26, tzinfo=ZoneInfo("UTC"))))
    root = parse(data)  # well-formed despite everything
    shown = "".join(root.find(".//s:g[@id='task-x']/s:text[@class='title']", NS).itertext())
    assert shown == 'a <b>&amp; "q" \\x01\\x1b[2J\\x0b \\u202e rtl \ufffd \U0001f389 ]]> end'
    assert "<script" not in data.decode()
    assert "my<site>" in "".join(root.find(".//s:g[@id='task-x']/s:text[@class='meta']", NS).itertext())


def test_long_titles_are_shortened_on_the_card_but_kept_whole_in_the_tooltip() -> None:
    long = "Draft " + "very " * 60 + "long title"
    day = Day(date=DAY, zone="UTC", tasks=(Task(id="x", title=long, start=time(9, 0)),))
    root = parse(svg.render_day(build(day), ExportOptions(now=datetime(2026, 11, 25, tzinfo=ZoneInfo("UTC")))))
    group = root.find(".//s:g[@id='task-x']", NS)
    lines = [t.text for t in group.findall("s:text[@class='title']/s:tspan", NS)]
    assert len(lines) == 2 and lines[1].endswith("…") and (lines[0] + " " + lines[1]).startswith("Draft very")
    assert all(fontmetrics.text_width(line, svg.TITLE_SIZE, bold=True) <= svg.TEXT_RIGHT - svg.TEXT_X
               for line in lines)
    assert long in group.find("s:title", NS).text


def test_empty_day_still_shows_the_bands_and_fits() -> None:
    day = Day(date=DAY, zone="Europe/Berlin")
    root = parse(svg.render_day(build(day), ExportOptions(now=datetime(2026, 11, 26, tzinfo=BERLIN))))
    assert len(root.findall("s:g[@class='band']", NS)) == 4
    assert len(root.findall(".//s:text[@class='empty']", NS)) == 4
    assert tasks(root) == []


def test_a_normal_day_fits_one_a4_page(worked: Store) -> None:
    root = parse(export_day(worked, DAY, "svg"))
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    # Printable A4 with 10 mm margins is 190 x 277 mm; the picture is drawn 190 mm wide.
    assert width == 718 and height / width <= 277 / 190
    assert root.find("s:style", NS).text == "@page { size: A4 portrait; margin: 8mm; }"


def test_slot_crossing_midnight_and_zero_minutes() -> None:
    day = Day(date=DAY, zone="Europe/Berlin", tasks=(
        Task(id="late", title="Late", start=time(23, 30), minutes=90),
        Task(id="tick", title="Tick", start=time(8, 0), minutes=0),
    ))
    root = parse(svg.render_day(build(day), ExportOptions(now=datetime(2026, 11, 25, tzinfo=BERLIN))))
    meta = {g.get("data-id"): g.find("s:text[@class='meta']", NS).text for g in tasks(root)}
    assert meta == {"tick": "Check-in · 08:00", "late": "Check-in · 23:30–01:00"}


def test_html_wraps_the_svg_for_print(worked: Store) -> None:
    text = export_day(worked, DAY, "html").decode()
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>smm-tui: Thursday 26 November 2026</title>" in text
    assert "@page { size: A4 portrait; margin: 10mm; }" in text
    start, end = text.index("<svg"), text.index("</svg>") + len("</svg>")
    root = ET.fromstring(text[start:end])
    assert len(tasks(root)) == 20

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.seen.append(tag)

    parser = Tags()
    parser.feed(text)
    assert parser.seen[:5] == ["html", "head", "meta", "meta", "meta"]
    assert "script" not in parser.seen


def test_now_moves_the_overdue_marks_and_a_day_that_is_over_shows_missed(worked: Store, clock: FrozenClock) -> None:
    clock.advance(timedelta(hours=12))
    root = parse(export_day(worked, DAY, "svg"))
    overdue = [g.get("data-id") for g in tasks(root) if g.get("data-status") == "overdue"]
    # 21:10: everything open that ended by then (up to the 20:00 webinar) is overdue.
    assert len(overdue) == 16 and overdue[-1] == "webinar-2000"
    clock.advance(timedelta(hours=3))  # 00:10 the next day: the day is over
    root = parse(export_day(worked, DAY, "svg"))
    status = [g.get("data-status") for g in tasks(root)]
    assert "overdue" not in status and "open" not in status and status.count("missed") == 18
