"""svg --style lanes: the lanes view as a picture, one column per platform on one time scale.

The lanes are the scaled view's (`core.scale.lanes_of`): the platforms of
config `lanes` in their order, else the day's platforms in order of first
use, plus "no platform" for slots without one. A slot with several
platforms is a block in each of its lanes, so a glance down the LinkedIn
lane shows that nothing happens there between 09:30 and 16:00; empty
stretches of an hour or more in a lane are labelled ("6 h 30 min free").

Time runs down the page from the hour of the first slot to the hour after
the last end, at one scale chosen to fill a portrait page, with the same
stretch rule and minimum block height as the poster (core.export.timescale:
a block is never shorter than one line, 17 px here). The bands are shaded
across the lanes and named on the time rail. Blocks, drawings and marks
are the poster's (core.export.blocks), at a smaller title size.
Self-contained, one A4 or Letter page like the poster.

Structure: <g class="lane" data-lane="linkedin"> holding its heading and
<g class="task" data-id ...> blocks with <rect class="card">; the rail's
<g class="band-shade" data-band>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, time, timedelta

from smm_tui.core.export.blocks import draw_block
from smm_tui.core.export.fontmetrics import fit, text_width
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.export.poster_svg import (
    HEADER_H,
    LEGEND_H,
    PAD,
    PAGE_H,
    WIDTH,
    dark_prints_light,
    draw_header,
    draw_legend,
    svg_root,
)
from smm_tui.core.export.svg import add, readable_on, xml_text
from smm_tui.core.export.timescale import Scale, Section, fit_scale, hour_ticks, sections, side_by_side, spoken
from smm_tui.core.gaps import MINUTE, duration_words, gaps_between
from smm_tui.core.kinds import platform_label
from smm_tui.core.scale import OTHER_LANE, Lane, lanes_of
from smm_tui.core.text import long_date
from smm_tui.core.timeline import Entry, Timeline
from smm_tui.core.wallclock import resolve

RAIL_W = 58
LANE_HEAD_H = 22
LANE_GAP = 4
MIN_BLOCK = 17.0
TITLE_SIZE = 9.0
GAP_LABEL_MINUTES = 60


def _hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def day_span(timeline: Timeline) -> tuple[datetime, datetime]:
    """From the hour of the first slot to the hour after the last end (08:00 to 18:00 for an empty day)."""
    entries = timeline.entries
    if not entries:
        return resolve(timeline.date, time(8), timeline.zone), resolve(timeline.date, time(18), timeline.zone)
    start = _hour(min(e.starts_at for e in entries))
    last = max(max(e.ends_at, e.starts_at + MINUTE) for e in entries)
    end = _hour(last - MINUTE) + timedelta(hours=1)
    return start, end


def lane_entries(entries: tuple[Entry, ...], lanes: tuple[Lane, ...]) -> list[list[Entry]]:
    """The slots of each lane, as `core.scale.layout` puts them."""
    keys = [lane.key for lane in lanes]
    out: list[list[Entry]] = []
    for lane in lanes:
        if lane.key == OTHER_LANE:
            out.append([e for e in entries if not any(p in keys for p in e.platforms)])
        else:
            out.append([e for e in entries if lane.key in e.platforms])
    return out


def build_lanes(timeline: Timeline, options: ExportOptions) -> ET.Element:
    entries = timeline.entries
    lanes = lanes_of(entries, options.lanes or None)
    start, end = day_span(timeline)
    whole = Section("day", "Day", "", start, end, entries)
    room = PAGE_H - HEADER_H - LEGEND_H - 2 * PAD - LANE_HEAD_H
    per_minute = fit_scale([[whole]], room, 0, MIN_BLOCK, 0)
    scale = Scale(start, end, (e.starts_at for e in entries), per_minute, MIN_BLOCK)
    body_h = scale.height
    height = max(PAGE_H, HEADER_H + PAD + LANE_HEAD_H + body_h + PAD + LEGEND_H)
    root = svg_root(WIDTH, height, timeline, options,
                    f"smm-tui: {long_date(timeline.date)} in lanes, {timeline.counts(options.now).summary()}")
    draw_header(root, timeline, options, WIDTH, kicker="THE DAY IN LANES")
    top = HEADER_H + PAD + LANE_HEAD_H
    _rail(root, timeline, options, scale, top, body_h)
    lane_w = (WIDTH - 2 * PAD - RAIL_W) / len(lanes)
    for index, (lane, mine) in enumerate(zip(lanes, lane_entries(entries, lanes), strict=True)):
        x = PAD + RAIL_W + index * lane_w
        group = add_lane(root, lane, x, top, lane_w - LANE_GAP, body_h, len(mine), options)
        _lane_gaps(group, timeline, mine, scale, x, top, lane_w - LANE_GAP, options)
        for entry, (column, count) in zip(mine, side_by_side(mine), strict=True):
            block_top, block_h = scale.block(entry)
            width = (lane_w - LANE_GAP - 4) / count
            box = (x + 2 + column * width, top + block_top, width - 1.5, block_h)
            draw_block(group, timeline, entry, box, options, size=TITLE_SIZE)
    draw_legend(root, timeline, options, top + body_h + PAD, WIDTH)
    return dark_prints_light(root, options)


def add_lane(root: ET.Element, lane: Lane, x: float, top: float, width: float, height: float, count: int,
             options: ExportOptions) -> ET.Element:
    palette = options.palette
    group = add(root, "g", class_="lane", data_lane=lane.key or "none")
    label = xml_text(platform_label(lane.key)) if lane.key != OTHER_LANE else lane.label
    add(group, "rect", x=x, y=top - LANE_HEAD_H, width=width, height=LANE_HEAD_H - 3, rx=4, fill=palette.primary,
        class_="lane-heading")
    counted = f"{label} · {count}"
    words = counted if text_width(counted, 9.5, bold=True) <= width - 6 else fit(label, width - 6, 9.5, bold=True)
    add(group, "text", words, x=x + width / 2, y=top - LANE_HEAD_H + 13, font_size=9.5, font_weight=700, text_anchor="middle",
        fill=readable_on(palette.primary), class_="lane-label")
    add(group, "rect", x=x, y=top, width=width, height=height, fill=palette.panel, fill_opacity=0.45,
        class_="lane-body")
    return group


def _rail(root: ET.Element, timeline: Timeline, options: ExportOptions, scale: Scale, top: float,
          height: float) -> None:
    """Hour ticks and labels on the left, and the bands shaded across the lanes and named on the rail."""
    palette = options.palette
    rail = add(root, "g", class_="rail")
    start, end = scale.points[0], scale.points[-1]
    found = sections(timeline, options.bands)
    for index, section in enumerate(found):
        y1, y2 = top + scale.y(max(section.start, start)), top + scale.y(min(section.end, end))
        if index + 1 < len(found):  # bands meet where the next one starts, even when a slot runs on
            y2 = min(y2, top + scale.y(found[index + 1].start))
        if y2 - y1 < 1:
            continue
        shade = add(rail, "g", class_="band-shade", data_band=section.key)
        add(shade, "rect", x=PAD, y=y1, width=WIDTH - 2 * PAD, height=y2 - y1,
            fill=palette.primary if index % 2 else palette.panel, fill_opacity=0.07 if index % 2 else 0.5)
        if y2 - y1 >= 14:
            add(shade, "text", section.label.upper(), x=PAD + 2, y=y1 + 10, font_size=7.5, font_weight=700,
                letter_spacing=0.5, fill=palette.primary, class_="band-label")
    last = -100.0
    for at, wall in hour_ticks(start, end, timeline.zone):
        y = top + scale.y(at)
        add(rail, "line", x1=PAD + RAIL_W - 14, y1=y, x2=WIDTH - PAD, y2=y, stroke=palette.foreground,
            stroke_opacity=0.12, class_="tick")
        if y - last >= 11 and y + 4 <= top + height and y - 7 >= top:
            add(rail, "text", spoken(wall), x=PAD + RAIL_W - 5, y=y + 3, font_size=8, text_anchor="end",
                fill=palette.foreground, fill_opacity=0.6, class_="tick-label")
            last = y


def _lane_gaps(group: ET.Element, timeline: Timeline, mine: list[Entry], scale: Scale, x: float, top: float,
               width: float, options: ExportOptions) -> None:
    """'6 h 30 min free' where a lane is empty for an hour or more (over the blocks drawn, as the poster)."""
    drawn = [(e.starts_at, max(e.ends_at, e.starts_at + MINUTE)) for e in mine]
    for gap in gaps_between(drawn, scale.points[0], scale.points[-1], timeline.wall_zone(),
                            min_minutes=GAP_LABEL_MINUTES):
        y1, y2 = top + scale.y(gap.starts_at), top + scale.y(gap.ends_at)
        if y2 - y1 < 16:
            continue
        words = next((w for w in (f"{duration_words(gap.minutes)} free", duration_words(gap.minutes))
                      if text_width(w, 8.5) <= width - 6), None)  # "4 h 5 min" rather than "4 h 5 m…"
        if words is None:
            continue
        add(group, "text", words, x=x + width / 2,
            y=(y1 + y2) / 2 + 3, font_size=8.5, font_style="italic", text_anchor="middle",
            fill=options.palette.foreground, fill_opacity=0.5, class_="gap-label")


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    root = build_lanes(timeline, options)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
