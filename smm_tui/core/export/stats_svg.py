"""svg (and html) of the statistics: `smm-tui stats` as one picture.

What `smm-tui stats` prints, drawn where people would rather look than read:
- a header with the range, the days counted and the total (`Counts.summary`
  and the share done);
- per kind, and for the busiest platforms, one bar per group with its done /
  skipped / missed / still-open parts, scaled to the largest group, and
  "done/planned · share";
- plan vs actual: per kind, a line from the median to the 90th percentile of
  minutes from the slot's start to the tick, and how many were ticked
  inside their slot;
- cadence (rounds kept of repeating slots) and streaks, as short lines;
- a heatmap of the share done per day, GitHub-style (a column per week, a
  row per weekday), for the last 53 weeks of the range.

The figures are core.stats's (`compute`, and `done_per_day` for the
heatmap): the renderer only draws them, with the states of `Counts`, the one
definition every export uses. Text is fitted with DejaVu Sans's widths
(core.export.fontmetrics) to the column it is drawn in, so nothing leaves
its row; every row is a `<g class="row">` whose `rect.row-box` holds all of
its text, which the headless-Chromium test checks. Dark themes print light
(the day svg's `print_light`).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date, timedelta

from smm_tui.core.export.fontmetrics import fit, text_width
from smm_tui.core.export.options import ExportOptions, Palette
from smm_tui.core.export.svg import (
    FONTS,
    PRINT_LIGHT,
    SVG_NS,
    add,
    mark_roles,
    print_light,
    readable_on,
    with_counts,
    xml_text,
)
from smm_tui.core.kinds import GLYPHS, KIND_LABELS, platform_label
from smm_tui.core.stats import Stats, share_done
from smm_tui.core.timeline import Counts

WIDTH = 718
"""As the day's svg: 190 mm at 96 dpi, A4 portrait less margins."""
PAD = 16
LABEL_W = 130
NUMBERS_W = 120
LATE_EXTRA = 70
"""Plan vs actual's numbers are longer: its axis gives them this much of the bars' width."""
BAR_X = PAD + LABEL_W
BAR_W = WIDTH - PAD - NUMBERS_W - BAR_X
ROW_H = 20
SECTION_H = 30
PLATFORMS = 6
"""Platforms drawn (the busiest); `smm-tui stats --by platform` lists them all."""
HEAT_WEEKS = 53
CELL = 10
CELL_GAP = 2
STYLE = "@page { size: A4 portrait; margin: 8mm; }"


def _row(parent: ET.Element, y: float, height: float, **attrs: object) -> ET.Element:
    """A row group with its box (`rect.row-box`, invisible): every text of the row stays inside it."""
    group = add(parent, "g", class_="row")
    for key, value in attrs.items():
        group.set(key.replace("_", "-"), str(value))
    add(group, "rect", x=PAD, y=y, width=WIDTH - 2 * PAD, height=height, fill="none", class_="row-box")
    return group


def _section(root: ET.Element, title: str, y: float, palette: Palette, note: str = "") -> ET.Element:
    group = add(root, "g", class_="section", data_section=title.lower().split()[0])
    row = _row(group, y, SECTION_H, data_heading="1")
    add(row, "text", title, x=PAD, y=y + 21, font_size=14, font_weight=700, fill=palette.primary,
        class_="section-title")
    if note:
        room = WIDTH - 2 * PAD - text_width(title, 14, bold=True) - 16
        add(row, "text", fit(note, room, 9.5), x=WIDTH - PAD, y=y + 21, font_size=9.5, fill=palette.foreground,
            fill_opacity=0.7, text_anchor="end", class_="section-note")
    return group


def _share_text(counts: Counts) -> str:
    share = share_done(counts)
    return f"{counts.done}/{counts.planned} · " + ("-" if share is None else f"{share * 100:.0f}%")


def _bars(group: ET.Element, rows: Mapping[str, Counts], labels: Mapping[str, str], colors: Mapping[str, str],
          glyphs: Mapping[str, str], y: float, palette: Palette, dim: str) -> float:
    """One stacked bar per group; returns the height used."""
    largest = max((c.planned for c in rows.values()), default=0) or 1
    for key, counts in rows.items():
        color = colors[key]
        row = with_counts(_row(group, y, ROW_H, data_key=key, data_dim=dim), counts)
        if glyphs.get(key):
            add(row, "circle", cx=PAD + 8, cy=y + 10, r=8, fill=color)
            add(row, "text", glyphs[key], x=PAD + 8, y=y + 13.5, font_size=9, fill=readable_on(color),
                text_anchor="middle", class_="glyph")
        add(row, "text", fit(xml_text(labels[key]), LABEL_W - 30, 10.5), x=PAD + 22, y=y + 14, font_size=10.5,
            fill=palette.foreground, class_="label")
        add(row, "rect", x=BAR_X, y=y + 5, width=BAR_W, height=10, rx=3, fill=palette.foreground, fill_opacity=0.07)
        offset = 0.0
        for value, fill, opacity, cls in ((counts.done, color, None, "bar-done"),
                                          (counts.skipped, palette.foreground, 0.35, "bar-skipped"),
                                          (counts.missed + counts.overdue, palette.error, 0.75, "bar-late"),
                                          (counts.open - counts.missed - counts.overdue, color, 0.25, "bar-open")):
            width = BAR_W * value / largest
            if width:
                add(row, "rect", x=BAR_X + offset, y=y + 5, width=width, height=10, fill=fill, fill_opacity=opacity,
                    class_=cls)
                offset += width
        add(row, "text", fit(_share_text(counts), NUMBERS_W - 8, 10.5, bold=True), x=WIDTH - PAD, y=y + 14,
            font_size=10.5, font_weight=700, fill=palette.foreground, text_anchor="end", class_="numbers")
        y += ROW_H
    return len(rows) * ROW_H


def _lateness(group: ET.Element, stats: Stats, y: float, palette: Palette) -> float:
    """Median to p90 of minutes from the slot's start to the tick, per kind, on one shared axis."""
    lows = [min(0.0, v.median_minutes) for v in stats.lateness.values()]
    highs = [max(0.0, v.p90_minutes) for v in stats.lateness.values()]
    low, high = min(lows), max(highs)
    span = (high - low) or 1.0
    axis_w = BAR_W - LATE_EXTRA

    def at(minutes: float) -> float:
        return BAR_X + axis_w * (minutes - low) / span

    start = y
    for kind, late in stats.lateness.items():
        color = palette.kind(kind)
        row = _row(group, y, ROW_H, data_key=kind, data_dim="lateness", data_median=late.median_minutes,
                   data_p90=late.p90_minutes, data_inside=late.inside_slot, data_done=late.done)
        add(row, "text", fit(KIND_LABELS.get(kind, kind), LABEL_W - 30, 10.5), x=PAD + 22, y=y + 14,
            font_size=10.5, fill=palette.foreground, class_="label")
        add(row, "line", x1=at(low), y1=y + 10, x2=at(high), y2=y + 10, stroke=palette.foreground,
            stroke_opacity=0.12)
        add(row, "line", x1=at(0), y1=y + 3, x2=at(0), y2=y + 17, stroke=palette.foreground, stroke_opacity=0.4)
        add(row, "line", x1=at(late.median_minutes), y1=y + 10, x2=at(late.p90_minutes), y2=y + 10, stroke=color,
            stroke_width=4, stroke_linecap="round", class_="spread")
        add(row, "circle", cx=at(late.median_minutes), cy=y + 10, r=4.5, fill=color, class_="median")
        inside = late.inside_slot * 100 // max(late.done, 1)
        text = f"{span_text(late.median_minutes)} / {span_text(late.p90_minutes)} · {inside}% in the slot"
        add(row, "text", fit(text, NUMBERS_W + LATE_EXTRA - 8, 9.5), x=WIDTH - PAD, y=y + 14, font_size=9.5,
            fill=palette.foreground, text_anchor="end", class_="numbers")
        y += ROW_H
    axis = _row(group, y, 14, data_dim="axis")
    for value, anchor in ((low, "start"), (0.0, "middle"), (high, "end")):
        if value == 0.0 and anchor != "middle" and (low == 0.0 or high == 0.0):
            continue
        add(axis, "text", span_text(value), x=at(value), y=y + 10, font_size=8.5, fill=palette.foreground,
            fill_opacity=0.7, text_anchor=anchor, class_="axis")
    return y + 14 - start


def span_text(minutes: float) -> str:
    """Minutes as people say them: '4 min', '-2 min', '3.5 h', '2 d'."""
    size = abs(minutes)
    if size < 120:
        return f"{minutes:.0f} min" if minutes == round(minutes) or size >= 10 else f"{minutes:.1f} min"
    if size < 48 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 1440:.0f} d"


def _lines(group: ET.Element, lines: list[str], y: float, palette: Palette, dim: str) -> float:
    for line in lines:
        row = _row(group, y, ROW_H - 4, data_dim=dim)
        add(row, "text", fit(xml_text(line), WIDTH - 2 * PAD - 22, 10.5), x=PAD + 22, y=y + 12, font_size=10.5,
            fill=palette.foreground, class_="line")
        y += ROW_H - 4
    return len(lines) * (ROW_H - 4)


def heat_range(first: date, last: date) -> tuple[date, date]:
    """The heatmap's first and last day: whole weeks (Monday to Sunday), at most HEAT_WEEKS, ending with `last`."""
    end = last + timedelta(days=6 - last.weekday())
    start = max(first - timedelta(days=first.weekday()), end - timedelta(days=7 * HEAT_WEEKS - 1))
    return start, end


def _heatmap(group: ET.Element, stats: Stats, days: Mapping[date, tuple[int, int]], y: float,
             palette: Palette) -> float:
    """A square per day (a column per week, Monday on top): the deeper the colour, the larger the share done."""
    start, end = heat_range(stats.first, stats.last)
    label_w = 30
    height = 14 + 7 * (CELL + CELL_GAP) + 20
    row = _row(group, y, height, data_dim="heatmap")
    for index, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        if name:
            add(row, "text", name, x=PAD, y=y + 14 + index * (CELL + CELL_GAP) + 9, font_size=8.5,
                fill=palette.foreground, fill_opacity=0.7, class_="weekday")
    day = start
    last_month = None
    while day <= end:
        week, weekday = (day - start).days // 7, day.weekday()
        x = PAD + label_w + week * (CELL + CELL_GAP)
        if day.day <= 7 and weekday == 0 and day.month != last_month and x + 24 <= WIDTH - PAD:
            add(row, "text", f"{day:%b}", x=x, y=y + 10, font_size=8.5, fill=palette.foreground, fill_opacity=0.7,
                class_="month")
            last_month = day.month
        cell_y = y + 14 + weekday * (CELL + CELL_GAP)
        done, planned = days.get(day, (0, 0))
        in_range = stats.first <= day <= stats.last
        if planned and in_range:
            share = done / planned
            add(row, "rect", x=x, y=cell_y, width=CELL, height=CELL, rx=2, fill=palette.success,
                fill_opacity=round(0.12 + 0.88 * share, 2), class_="day", data_date=day.isoformat(),
                data_done=done, data_planned=planned)
        else:
            add(row, "rect", x=x + 0.5, y=cell_y + 0.5, width=CELL - 1, height=CELL - 1, rx=2, fill="none",
                stroke=palette.foreground, stroke_opacity=0.15 if in_range else 0.05, class_="day empty",
                data_date=day.isoformat())
        day += timedelta(days=1)
    legend_y = y + 14 + 7 * (CELL + CELL_GAP) + 12
    add(row, "text", "share done: 0%", x=PAD + label_w, y=legend_y, font_size=8.5, fill=palette.foreground,
        fill_opacity=0.7, class_="legend")
    swatch = PAD + label_w + text_width("share done: 0%", 8.5) + 6
    for step in (0.12, 0.34, 0.56, 0.78, 1.0):
        add(row, "rect", x=swatch, y=legend_y - 8, width=CELL - 2, height=CELL - 2, rx=2, fill=palette.success,
            fill_opacity=step)
        swatch += CELL
    add(row, "text", "100% · blank: no file", x=swatch + 4, y=legend_y, font_size=8.5, fill=palette.foreground,
        fill_opacity=0.7, class_="legend")
    if start > stats.first:
        add(row, "text", f"the last {HEAT_WEEKS} weeks", x=WIDTH - PAD - 2, y=legend_y, font_size=8.5,
            fill=palette.foreground, fill_opacity=0.7, text_anchor="end", class_="legend")
    return height


def _range_title(stats: Stats) -> str:
    first, last = stats.first, stats.last
    return f"{first:%a %d %b} {first.year:04d} to {last:%a %d %b} {last.year:04d}"


def build_stats_svg(stats: Stats, days: Mapping[date, tuple[int, int]], options: ExportOptions) -> ET.Element:
    """The statistics as an ElementTree element; `days`: done and planned per day (core.stats.done_per_day)."""
    palette = options.palette
    now = options.now
    root = ET.Element("svg")
    body = ET.Element("g")
    y = 0.0
    header = add(body, "g", class_="header")
    add(header, "rect", x=0, y=0, width=WIDTH, height=8, fill=palette.primary)
    head = _row(header, 12, 50)
    add(head, "text", fit(f"Statistics · {_range_title(stats)}", WIDTH - 2 * PAD - 80, 18, bold=True), x=PAD, y=34,
        font_size=18, font_weight=700, fill=palette.foreground, class_="stats-title")
    add(head, "text", "smm-tui", x=WIDTH - PAD, y=34, font_size=13, font_weight=700, fill=palette.primary,
        text_anchor="end")
    span = (stats.last - stats.first).days + 1
    as_of = f"as of {now:%d %b} {now.year:04d} {now:%H:%M}"
    share = share_done(stats.total)
    summary = stats.total.summary() + ("" if share is None else f" · {share * 100:.0f}% done")
    with_counts(add(head, "text", fit(summary, WIDTH - 2 * PAD - text_width(as_of, 10) - 12, 11), x=PAD, y=54,
                    font_size=11, fill=palette.foreground, fill_opacity=0.75, class_="stats-summary"), stats.total)
    add(head, "text", as_of, x=WIDTH - PAD, y=54, font_size=10, fill=palette.foreground, fill_opacity=0.6,
        text_anchor="end", class_="exported")
    y = 68.0

    days_note = (f"{span} day(s), {stats.days} with a file"
                 + (f", {stats.days_without_file} past day(s) never opened (not counted)"
                    if stats.days_without_file else ""))
    group = _section(body, "By kind", y, palette, days_note)
    y += SECTION_H
    if stats.by_kind:
        kinds = list(stats.by_kind)
        y += _bars(group, stats.by_kind, {k: KIND_LABELS.get(k, k) for k in kinds},
                   {k: palette.kind(k) for k in kinds}, {k: GLYPHS.get(k, "•") for k in kinds}, y, palette, "kind")
    else:
        y += _lines(group, ["Nothing planned in this range (only days with a file count)."], y, palette, "empty")

    platforms = dict(list(stats.by_platform.items())[:PLATFORMS])
    if platforms:
        more = len(stats.by_platform) - len(platforms)
        group = _section(body, "By platform", y, palette, f"{more} more: smm-tui stats --by platform" if more else "")
        y += SECTION_H
        y += _bars(group, platforms, {p: platform_label(p) for p in platforms}, dict.fromkeys(platforms, palette.success),
                   {}, y, palette, "platform")

    if stats.lateness:
        group = _section(body, "Plan vs actual", y, palette, "minutes from the slot's start to the tick: median to p90")
        y += SECTION_H
        y += _lateness(group, stats, y, palette)

    extra: list[str] = []
    extra += [f"{slot}: {c.rounds_kept}/{c.rounds_planned} rounds kept over {c.days} day(s), every round on "
              f"{c.days_all_kept}" for slot, c in stats.cadence.items()]
    extra += [f"{st.label}: {st.current} day(s) in a row now, longest {st.longest}" for st in stats.streaks.values()]
    if extra:
        group = _section(body, "Cadence and streaks", y, palette)
        y += SECTION_H
        y += _lines(group, extra, y, palette, "cadence")

    group = _section(body, "Done per day", y, palette)
    y += SECTION_H
    y += _heatmap(group, stats, days, y, palette) + PAD

    root.set("xmlns", SVG_NS)
    for key, value in (("version", "1.1"), ("width", str(WIDTH)), ("height", f"{y:g}"), ("viewBox", f"0 0 {WIDTH} {y:g}"),
                       ("font-family", FONTS), ("role", "img"), ("aria-labelledby", "svg-title"),
                       ("class", "smm-stats"), ("data-first", stats.first.isoformat()),
                       ("data-last", stats.last.isoformat())):
        root.set(key, value)
    add(root, "title", f"smm-tui statistics: {_range_title(stats)}, {stats.total.summary()}", id="svg-title")
    add(root, "style", STYLE + (print_light(palette) if palette.dark else ""))
    add(root, "rect", x=0, y=0, width=WIDTH, height=y, fill=palette.background, class_="background")
    root.extend(list(body))
    if palette.dark:
        mark_roles(root, palette)
    return root


def render_svg(stats: Stats, days: Mapping[date, tuple[int, int]], options: ExportOptions) -> bytes:
    root = build_stats_svg(stats, days, options)
    ET.indent(root, space=" ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode()


_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="smm-tui">
<title>{title}</title>
<style>
@page {{ size: A4 portrait; margin: 8mm; }}
html {{ background: {background}; }}
body {{ margin: 0 auto; padding: 12px; max-width: 760px; }}
svg.smm-stats {{ display: block; width: 100%; height: auto; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
@media print {{ body {{ padding: 0; max-width: none; }}{print_page} }}
</style>
</head>
<body>
{svg}
</body>
</html>
"""


def render_html(stats: Stats, days: Mapping[date, tuple[int, int]], options: ExportOptions) -> bytes:
    """The statistics' svg inline in a printable page."""
    root = build_stats_svg(stats, days, options)
    page = _PAGE.format(
        title=html.escape(f"smm-tui statistics: {_range_title(stats)}"),
        background=options.palette.background,
        svg=ET.tostring(root, encoding="unicode"),
        print_page=f" html {{ background: {PRINT_LIGHT['paper']}; }}" if options.palette.dark else "",
    )
    return page.encode("utf-8")
