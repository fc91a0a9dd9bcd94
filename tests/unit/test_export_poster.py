"""The poster and lanes styles, read back with an XML parser (frozen clock, no browser).

The browser half - no text leaves its block, one printed page, no network -
is tests/browser/test_poster_in_chromium.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from smm_tui.core.errors import UsageError
from smm_tui.core.export import ExportOptions, export_day, get_format, lanes_html, lanes_svg, poster_html, poster_svg
from smm_tui.core.export.timescale import Scale, hour_ticks, sections, spoken
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.timeline import BandStarts, Timeline, build

NS = {"s": "http://www.w3.org/2000/svg"}
DAY = date(2026, 11, 26)
BERLIN = ZoneInfo("Europe/Berlin")
NOON = datetime(2026, 11, 26, 12, 10, tzinfo=BERLIN)


def task(task_id: str, start: str, minutes: int, kind: str = "publish", platforms: tuple[str, ...] = (),
         title: str | None = None, status: str = "todo") -> Task:
    hour, minute = map(int, start.split(":"))
    return Task(id=task_id, title=title or f"Task {task_id}", start=time(hour, minute), minutes=minutes, kind=kind,
                platforms=platforms, status=status, done_at=NOON if status == "done" else None)


def timeline_of(*tasks: Task, day: date = DAY, zone: str = "Europe/Berlin") -> Timeline:
    return build(Day(date=day, zone=zone, tasks=tasks))


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(data)


def boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Task id -> its card's (x, y, width, height)."""
    out = {}
    for group in root.iter(f"{{{NS['s']}}}g"):
        if group.get("class") == "task":
            card = group.find("s:rect[@class='card']", NS)
            assert card is not None
            out[group.get("data-id", "")] = tuple(float(card.get(k, "")) for k in ("x", "y", "width", "height"))
    return out


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[0] + b[2] - 0.01 and b[0] < a[0] + a[2] - 0.01 and a[1] < b[1] + b[3] - 0.01 \
        and b[1] < a[1] + a[3] - 0.01


def busy_day() -> Timeline:
    """Overlaps three deep, three 5-minute slots in a row, a zero-minute one and one past midnight."""
    return timeline_of(
        task("wake", "05:30", 30, "checkin", ("email",)),
        task("a", "07:00", 60, "reply", ("x",)), task("b", "07:00", 30, "publish", ("x",)),
        task("c", "07:15", 45, "meeting", ("linkedin",)),
        task("q1", "09:00", 5, "reply"), task("q2", "09:05", 5, "reply"), task("q3", "09:10", 5, "reply"),
        task("zero", "09:30", 0, "schedule"),
        task("lunch", "12:00", 60, "checkin", ("foursquare",)), task("mon", "12:00", 30, "monitor", ("x",)),
        task("long", "15:00", 120, "research", title="Research " * 30),
        task("late", "23:30", 75, "analytics"),
    )


# -- time scale -------------------------------------------------------------------------------


def test_the_scale_is_linear_and_stretches_only_where_starts_crowd() -> None:
    start = datetime(2026, 11, 26, 5, 0, tzinfo=ZoneInfo("UTC"))
    at = [start + timedelta(minutes=m) for m in (0, 60, 65, 70, 180)]
    scale = Scale(start, start + timedelta(hours=4), at, per_minute=1.0, min_block=18)
    assert scale.y(at[1]) == 60  # exact up to the crowd
    assert scale.y(at[2]) - scale.y(at[1]) == 18 and scale.y(at[3]) - scale.y(at[2]) == 18  # stretched
    assert scale.y(at[4]) - scale.y(at[3]) == 110  # exact again after it
    assert scale.height == 60 + 18 + 18 + 110 + 60


def test_band_sections_with_their_hours_from_the_config_and_the_first_slot() -> None:
    timeline = timeline_of(task("w", "05:30", 30), task("l", "12:30", 30), task("m", "11:30", 60))
    found = sections(timeline, BandStarts(time(12, 30), time(13, 30), time(19, 0)))
    assert [s.hours for s in found] == ["5:30 AM – 12:30 PM", "12:30 PM – 1:30 PM", "1:30 PM – 7 PM",
                                        "7 PM – next day"]
    morning = found[0]
    # the 11:30 meeting runs to 12:30: the morning ends with it, not at the lunch start alone
    assert morning.end == timeline.entry("m").ends_at  # type: ignore[union-attr]
    assert spoken(time(0, 5)) == "12:05 AM" and spoken(time(12, 0)) == "12 PM"


def test_hour_ticks_follow_the_wall_clock_on_a_fall_back_day() -> None:
    timeline = timeline_of(task("x", "01:00", 180), day=date(2026, 10, 25))
    ticks = [wall.hour for _, wall in hour_ticks(timeline.entries[0].starts_at, timeline.entries[0].ends_at,
                                                  "Europe/Berlin")]
    assert ticks == [1, 2, 2, 3]  # 3 hours of real time, 02:00 twice


# -- the poster -------------------------------------------------------------------------------


def test_the_poster_has_four_sections_with_every_slot_once_in_its_band(worked: Store) -> None:
    root = parse(export_day(worked, DAY, "svg", style="poster"))
    timeline = build(worked.load_day(DAY))
    found = root.findall("s:g[@class='section']", NS)
    assert [s.get("data-band") for s in found] == ["morning", "lunch", "afternoon", "evening"]
    hours = [s.find(".//s:text[@class='band-hours']", NS).text for s in found]  # type: ignore[union-attr]
    assert hours == ["5:30 AM – 12 PM", "12 PM – 1 PM", "1 PM – 7 PM", "7 PM – next day"]
    for section, band in zip(found, timeline.bands, strict=True):
        assert [g.get("data-id") for g in section.findall("s:g[@class='task']", NS)] == [e.id for e in band.entries]
    assert float(root.get("height", "")) == poster_svg.PAGE_H  # the reference day fits one page


def test_blocks_are_as_tall_as_their_slots_and_never_overlap() -> None:
    timeline = busy_day()
    root = parse(poster_svg.render_day(timeline, ExportOptions(now=NOON)))
    placed = boxes(root)
    assert set(placed) == {e.id for e in timeline.entries}
    ids = list(placed)
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            assert not overlap(placed[first], placed[second]), (first, second)
    # one scale: an hour is twice half an hour (slots clear of the stretched 09:00 crowd)
    assert placed["lunch"][3] == pytest.approx(2 * placed["mon"][3], abs=0.02)
    assert placed["long"][3] == pytest.approx(2 * placed["lunch"][3], abs=0.02)
    # 5- and 0-minute slots get one line, and they stack rather than cover each other
    for short in ("q1", "q2", "q3", "zero"):
        assert placed[short][3] == poster_svg.MIN_BLOCK
    assert placed["q1"][1] + poster_svg.MIN_BLOCK <= placed["q2"][1]
    # overlaps side by side: 07:00 (60 min), 07:00 (30 min) and 07:15 share the width
    xs = sorted(placed[k][0] for k in ("a", "b", "c"))
    assert len(set(xs)) == 3
    assert placed["lunch"][1] == placed["mon"][1] and placed["lunch"][0] != placed["mon"][0]


def test_a_slot_past_midnight_keeps_the_evening_open_until_it_ends() -> None:
    timeline = busy_day()
    root = parse(poster_svg.render_day(timeline, ExportOptions(now=NOON)))
    evening = root.find("s:g[@data-band='evening']", NS)
    assert evening is not None
    body = evening.find("s:rect[@class='section-body']", NS)
    late = boxes(root)["late"]
    assert late[1] + late[3] == pytest.approx(float(body.get("y", "")) + float(body.get("height", "")), abs=0.01)
    assert [wall for _, wall in hour_ticks(timeline.entry("late").starts_at,  # type: ignore[union-attr]
                                           timeline.entry("late").ends_at, "Europe/Berlin")][-1] == time(0)  # type: ignore[union-attr]


def test_marks_use_the_one_state_definition_and_the_lunch_check_in_stands_out() -> None:
    timeline = timeline_of(task("d", "06:00", 30, status="done"), task("s", "07:00", 30, status="skipped"),
                           task("o", "08:00", 30), task("n", "12:00", 60, "checkin"), task("m", "12:00", 30, "monitor"),
                           task("later", "15:00", 30))
    for now, expected in ((NOON, {"d": "done", "s": "skipped", "o": "overdue", "n": "open", "later": "open"}),
                          (NOON + timedelta(days=1), {"o": "missed", "n": "missed", "later": "missed"})):
        root = parse(poster_svg.render_day(timeline, ExportOptions(now=now)))
        status = {g.get("data-id"): g.get("data-status") for g in root.iter(f"{{{NS['s']}}}g")
                  if g.get("class") == "task"}
        assert status == status | expected
        assert status == {e.id: timeline.state(e, now) for e in timeline.entries}
    root = parse(poster_svg.render_day(timeline, ExportOptions(now=NOON)))
    marks = {g.get("data-id"): [m.get("data-mark") for m in g.findall("s:g[@data-mark]", NS)]
             for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "task"}
    assert marks == {"d": ["done"], "s": ["skipped"], "o": ["overdue"], "n": ["now"], "m": ["now"], "later": []}
    icons = {g.get("data-id"): float(g.find("s:g[@class='icon']/s:circle", NS).get("r", ""))  # type: ignore[union-attr]
             for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "task"}
    assert (icons["n"], icons["m"]) == (15, 8)  # the lunch check-in's drawing is the big one


def test_self_contained_no_links_fonts_or_images() -> None:
    timeline = busy_day()
    options = ExportOptions(now=NOON)
    for data in (poster_svg.render_day(timeline, options), poster_html.render_day(timeline, options),
                 lanes_svg.render_day(timeline, options)):
        text = data.decode()
        assert re.findall(r"https?://[^\s\"']+", text) == ["http://www.w3.org/2000/svg"] * text.count(
            "http://www.w3.org/2000/svg")
        assert not re.search(r"\b(href|src)\s*=|url\(|@import|@font-face|<script|<image|<foreignObject", text)


def test_html_poster_is_two_column_svgs_in_a_phone_ready_printable_page() -> None:
    page = poster_html.render_day(busy_day(), ExportOptions(now=NOON)).decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@page { size: portrait; margin: 10mm; }" in page
    svgs = re.findall(r"<svg [^>]*class=\"smm-poster\"", page)
    assert len(svgs) == 2  # the columns; the legend's drawings are small svgs of their own
    assert "flex-wrap: wrap" in page


def test_a_sparse_day_still_fills_the_page_to_scale() -> None:
    timeline = timeline_of(task("one", "09:00", 30), task("two", "20:00", 60))
    root = parse(poster_svg.render_day(timeline, ExportOptions(now=NOON)))
    placed = boxes(root)
    assert placed["two"][3] == pytest.approx(2 * placed["one"][3], abs=0.02)
    assert float(root.get("height", "")) == poster_svg.PAGE_H
    labels = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "gap-label"]
    assert labels == ["2 h 30 min free", "1 h free", "6 h free", "1 h free", "3 h free"]  # 09:30-12:00, lunch, ...


# -- lanes ------------------------------------------------------------------------------------


def lanes_of(root: ET.Element) -> dict[str, list[str]]:
    return {lane.get("data-lane", ""): [g.get("data-id", "") for g in lane.findall("s:g[@class='task']", NS)]
            for lane in root.findall("s:g[@class='lane']", NS)}


def test_lanes_are_the_days_platforms_plus_no_platform_and_a_slot_is_in_each_of_its_lanes() -> None:
    timeline = timeline_of(task("a", "07:00", 30, platforms=("x", "linkedin")), task("b", "09:00", 30),
                           task("c", "10:00", 60, platforms=("linkedin",)))
    root = parse(lanes_svg.render_day(timeline, ExportOptions(now=NOON)))
    assert lanes_of(root) == {"x": ["a"], "linkedin": ["a", "c"], "none": ["b"]}
    labels = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "lane-label"]
    assert labels == ["X · 1", "LinkedIn · 2", "no platform · 1"]
    gaps = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "gap-label"]
    assert "2 h 30 min free" in gaps  # LinkedIn between 07:30 and 10:00


def test_lanes_follow_the_configured_list() -> None:
    timeline = timeline_of(task("a", "07:00", 30, platforms=("x", "linkedin")), task("b", "09:00", 30,
                                                                                     platforms=("tiktok",)))
    root = parse(lanes_svg.render_day(timeline, ExportOptions(now=NOON, lanes=("linkedin", "instagram"))))
    assert lanes_of(root) == {"linkedin": ["a"], "instagram": [], "none": ["b"]}
    placed = boxes(root)
    assert placed["a"][3] == placed["b"][3]
    labels = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "lane-label"]
    assert labels[-1] == "other · 1"  # TikTok has no lane: its slot goes to the other lane


# -- the registry -----------------------------------------------------------------------------


def test_styles_are_svg_and_html_only() -> None:
    assert get_format("svg", "poster").module == "poster_svg"
    assert get_format("html", "lanes").module == "lanes_html"
    assert get_format("svg").module == get_format("svg", "card").module == "svg"
    with pytest.raises(UsageError, match=r"^--style poster is drawn as svg or html, not md$"):
        get_format("md", "poster")
    with pytest.raises(UsageError, match="unknown style 'wall'"):
        get_format("svg", "wall")


def test_hostile_titles_give_well_formed_pictures() -> None:
    titles = ["\x1b[2J clear the screen", "line\nbreak\ttab", "שלום עולם مرحبا", "👨‍👩‍👧" * 40, "<b>&amp;</b>",
              "W" * 500, "\u202eevil override"]
    timeline = timeline_of(*(task(f"t{i}", f"{8 + i}:00", 30, title=title, platforms=("x", "x-y"))
                             for i, title in enumerate(titles)))
    options = ExportOptions(now=NOON)
    for module in (poster_svg, lanes_svg):
        root = parse(module.render_day(timeline, options))
        assert len(boxes(root)) == len(titles)
        assert "\x1b" not in "".join(root.itertext())  # shown as a visible escape
        assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "b"]  # text, not markup
    for module in (poster_html, lanes_html):
        page = module.render_day(timeline, options).decode()
        assert "\x1b" not in page and "<b>&amp;</b>" not in page
