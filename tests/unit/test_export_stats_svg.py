"""`export --stats`: the statistics of `smm-tui stats` drawn as one svg (frozen clock, a small worked history)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.export import ExportOptions, Palette, stats_svg
from smm_tui.core.index import HistoryIndex
from smm_tui.core.models import Day
from smm_tui.core.stats import Stats, compute, done_per_day
from smm_tui.core.store import Store
from smm_tui.core.timeline import build
from smm_tui.themes.spec import builtin_themes

NS = {"s": "http://www.w3.org/2000/svg"}
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)


def work(store: Store, clock: FrozenClock) -> None:
    """Ten days of November worked on: some slots done (late or on time), some skipped."""
    for offset in range(10):
        day = date(2026, 11, 10) + timedelta(days=offset)

        def change(d: Day, day: date = day, offset: int = offset) -> Day:
            done_at = datetime.combine(day, datetime.min.time(), clock.now().tzinfo) + timedelta(hours=5, minutes=40)
            d = d.toggle("wake-0530", done_at)
            if offset % 2:
                d = d.set_status("news-0600", "skipped", clock.now())
            if offset % 3 == 0:
                d = d.toggle("criticism-0700", done_at + timedelta(hours=1, minutes=25 + offset))
            return d

        store.update_day(day, change)


def figures(store: Store, clock: FrozenClock, first: date = FIRST, last: date = LAST,
            ) -> tuple[Stats, dict[date, tuple[int, int]]]:
    index = HistoryIndex(store.data_dir)
    index.refresh()
    try:
        now = clock.now()
        return (compute(index.db, first, last, now, now.date()),
                done_per_day(index.db, *stats_svg.heat_range(first, last)))
    finally:
        index.close()


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(data)


def rows(root: ET.Element, dim: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "row" and g.get("data-dim") == dim]


def test_bars_carry_the_counts_of_stats(store: Store, clock: FrozenClock) -> None:
    work(store, clock)
    stats, days = figures(store, clock)
    root = parse(stats_svg.render_svg(stats, days, ExportOptions(now=clock.now())))
    assert root.get("class") == "smm-stats" and root.get("data-first") == "2026-11-01"
    kinds = rows(root, "kind")
    assert [g.get("data-key") for g in kinds] == list(stats.by_kind)
    for group in kinds:
        counts = stats.by_kind[group.get("data-key")]
        assert {k: int(group.get(f"data-{k}")) for k in counts.as_dict()} == counts.as_dict()
    checkin = next(g for g in kinds if g.get("data-key") == "checkin")
    numbers = checkin.find("s:text[@class='numbers']", NS).text
    done, planned = stats.by_kind["checkin"].done, stats.by_kind["checkin"].planned
    assert numbers == f"{done}/{planned} · {done * 100 / planned:.0f}%"
    assert [g.get("data-key") for g in rows(root, "platform")] == list(stats.by_platform)[:stats_svg.PLATFORMS]
    summary = root.find(".//s:text[@class='stats-summary']", NS)
    assert summary.text.startswith(stats.total.summary())


def test_plan_vs_actual_and_streaks_are_drawn(store: Store, clock: FrozenClock) -> None:
    work(store, clock)
    stats, days = figures(store, clock)
    root = parse(stats_svg.render_svg(stats, days, ExportOptions(now=clock.now())))
    late = {g.get("data-key"): g for g in rows(root, "lateness")}
    assert set(late) == set(stats.lateness) and {"checkin", "reply"} <= set(late)
    assert float(late["checkin"].get("data-median")) == stats.lateness["checkin"].median_minutes == 10.0
    assert late["checkin"].find("s:text[@class='numbers']", NS).text == "10 min / 10 min · 100% in the slot"
    lines = [t.text for g in rows(root, "cadence") for t in g.findall("s:text", NS)]
    assert any(line.startswith("morning check: ") for line in lines)


def test_the_heatmap_has_a_square_per_day_with_the_days_own_counts(store: Store, clock: FrozenClock) -> None:
    work(store, clock)
    stats, days = figures(store, clock)
    root = parse(stats_svg.render_svg(stats, days, ExportOptions(now=clock.now())))
    squares = {r.get("data-date"): r for r in root.iter(f"{{{NS['s']}}}rect") if "day" in (r.get("class") or "")}
    assert min(squares) == "2026-10-26" and max(squares) == "2026-12-06"  # whole weeks, Monday to Sunday
    filled = {key: (int(r.get("data-done")), int(r.get("data-planned"))) for key, r in squares.items()
              if r.get("class") == "day"}
    assert len(filled) == 10
    for key, (done, planned) in filled.items():
        counts = build(store.load_day(date.fromisoformat(key))).counts()
        assert (done, planned) == (counts.done, counts.planned)  # the one definition
    assert all(float(r.get("x")) + float(r.get("width")) <= stats_svg.WIDTH - stats_svg.PAD for r in squares.values())


def test_a_long_range_draws_its_last_53_weeks_inside_the_picture(store: Store, clock: FrozenClock) -> None:
    work(store, clock)
    stats, days = figures(store, clock, date(2020, 1, 1), LAST)
    root = parse(stats_svg.render_svg(stats, days, ExportOptions(now=clock.now())))
    squares = [r for r in root.iter(f"{{{NS['s']}}}rect") if "day" in (r.get("class") or "")]
    assert len(squares) == 7 * stats_svg.HEAT_WEEKS
    assert max(float(r.get("x")) + float(r.get("width")) for r in squares) <= stats_svg.WIDTH - stats_svg.PAD
    assert any(t.text == "the last 53 weeks" for t in root.iter(f"{{{NS['s']}}}text"))


def test_an_empty_range_says_so(store: Store, clock: FrozenClock) -> None:
    stats, days = figures(store, clock, date(2026, 1, 5), date(2026, 1, 11))
    root = parse(stats_svg.render_svg(stats, days, ExportOptions(now=clock.now())))
    assert [t.text for g in rows(root, "empty") for t in g.findall("s:text", NS)] == [
        "Nothing planned in this range (only days with a file count)."]


def test_dark_theme_prints_light_and_html_wraps_the_picture(store: Store, clock: FrozenClock) -> None:
    work(store, clock)
    stats, days = figures(store, clock)
    options = ExportOptions(now=clock.now(), palette=Palette.from_theme(builtin_themes()["midnight"]))
    root = parse(stats_svg.render_svg(stats, days, options))
    assert "@media print" in root.find("s:style", NS).text
    page = stats_svg.render_html(stats, days, options).decode()
    assert page.startswith("<!DOCTYPE html>") and '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "html { background: #FFFFFF; }" in page


@pytest.mark.parametrize(("minutes", "text"), [(4, "4 min"), (-2.5, "-2.5 min"), (90, "90 min"), (150, "2.5 h"),
                                               (4 * 1440, "4 d")])
def test_minutes_are_said_as_people_say_them(minutes: float, text: str) -> None:
    assert stats_svg.span_text(minutes) == text
