"""svg --style poster: the day drawn to scale on one portrait page, like the "hectic schedule" graphic.

What it shows: the four bands as large sections, each headed by its name
and time range ("Morning 5:30 AM – 12 PM", "Evening 7 PM – next day", from
the band starts in the config and the day's first slot); Morning and Lunch
in the left column, Afternoon and Evening in the right, every section
drawn at one scale (px per minute) chosen so that the taller column fills
the page. A slot is a block as tall as its duration (core.export.timescale:
never shorter than one line of text, 18 px; a 5-minute slot gets that
line and the scale is stretched there so the next slot still starts below
it), with its kind's drawing (core.export.icons), title, time span,
platforms and state mark (core.export.blocks). Overlapping slots sit side
by side (the scaled view's placement, `core.scale.place`). Free stretches
of an hour or more are labelled ("3 h free"), with the scaled view's gap
rules (`core.gaps`). The lunch section is tinted and its check-in drawn
larger. A legend below names each kind's drawing with its done/planned
count and each mark.

Self-contained like the card export (core.export.svg): no fonts, scripts,
images or links; the drawings are our own paths. The page is 718 x 975 px
(the printable area that A4 and Letter share with 10 mm margins, at 96 dpi),
so it prints on one page of either. `column_svg` gives each column as its own
svg so the html page (poster_html) can let a
phone stack the columns.

Structure (tests and tools rely on it): <g class="section" data-band> holding
<g class="section-heading">, the hour ticks and <g class="task" data-id
data-kind data-status data-start data-minutes> blocks with <rect class="card">.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from smm_tui.core.export.blocks import draw_block, mark_colors
from smm_tui.core.export.fontmetrics import fit, text_width
from smm_tui.core.export.icons import MARK_WORDS, kind_badge, mark_badge
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.export.svg import FONTS, SVG_NS, add, mark_roles, print_light, readable_on, with_counts, xml_text
from smm_tui.core.export.timescale import (
    Scale,
    Section,
    fit_scale,
    hour_ticks,
    section_height,
    section_scale,
    sections,
    side_by_side,
    spoken,
)
from smm_tui.core.gaps import MINUTE, duration_words, gaps_between
from smm_tui.core.kinds import KIND_LABELS
from smm_tui.core.text import long_date
from smm_tui.core.timeline import Timeline

WIDTH = 718
PAGE_H = 975
PAD = 10
HEADER_H = 64
LEGEND_H = 70
COLUMN_GAP = 12
COLUMN_W = (WIDTH - 2 * PAD - COLUMN_GAP) / 2
RAIL_W = 36
HEADING_H = 30
SECTION_GAP = 8
MIN_BLOCK = 18.0
EMPTY_H = 24.0
GAP_LABEL_MINUTES = 60
STYLE = "@page { size: A4 portrait; margin: 8mm; }"


@dataclass(frozen=True, slots=True)
class Poster:
    """The layout: the sections in their columns and the one scale they share."""

    columns: tuple[tuple[Section, ...], ...]
    per_minute: float

    def column_height(self, index: int) -> float:
        return sum(HEADING_H + section_height(s, self.per_minute, MIN_BLOCK, EMPTY_H) + SECTION_GAP
                   for s in self.columns[index]) - SECTION_GAP


def layout(timeline: Timeline, options: ExportOptions) -> Poster:
    found = sections(timeline, options.bands)
    columns = (tuple(found[:2]), tuple(found[2:]))
    # fit_scale counts a gap after every section; a column has one fewer
    room = PAGE_H - HEADER_H - LEGEND_H - 2 * PAD + SECTION_GAP
    per_minute = fit_scale(columns, room, HEADING_H + SECTION_GAP, MIN_BLOCK, EMPTY_H)
    return Poster(columns, per_minute)


def draw_header(parent: ET.Element, timeline: Timeline, options: ExportOptions, width: float, *,
                kicker: str = "THE DAY TO SCALE") -> None:
    palette = options.palette
    counts = timeline.counts(options.now)
    group = add(parent, "g", class_="header")
    add(group, "rect", x=0, y=0, width=width, height=6, fill=palette.primary)
    add(group, "text", kicker, x=PAD, y=24, font_size=10, font_weight=700, letter_spacing=1.5,
        fill=palette.primary, class_="kicker")
    add(group, "text", fit(long_date(timeline.date), width - 2 * PAD - 70, 21, bold=True), x=PAD, y=47,
        font_size=21, font_weight=700, fill=palette.foreground, class_="day-title")
    add(group, "text", "smm-tui", x=width - PAD, y=24, font_size=11, font_weight=700, fill=palette.primary,
        text_anchor="end")
    as_of = f"as of {options.now:%d %b} {options.now.year:04d} {options.now:%H:%M}"
    summary = f"{counts.summary()} · {as_of}"
    with_counts(add(group, "text", fit(summary, width - 2 * PAD, 10.5), x=PAD, y=HEADER_H - 2, font_size=10.5,
                     fill=palette.foreground, fill_opacity=0.75, class_="day-summary"), counts)


def draw_column(parent: ET.Element, timeline: Timeline, poster: Poster, index: int, x0: float, y0: float,
                options: ExportOptions) -> float:
    """Draw one column's sections from (x0, y0); returns the column's height."""
    y = y0
    for section in poster.columns[index]:
        y += _section(parent, timeline, section, poster.per_minute, x0, y, options) + SECTION_GAP
    return y - y0 - SECTION_GAP


def _section(parent: ET.Element, timeline: Timeline, section: Section, per_minute: float, x0: float,
             y0: float, options: ExportOptions) -> float:
    palette = options.palette
    lunch = section.key == "lunch"
    group = add(parent, "g", class_="section", data_band=section.key)
    heading = add(group, "g", class_="section-heading")
    fill = palette.primary
    add(heading, "rect", x=x0, y=y0, width=COLUMN_W, height=HEADING_H - 4, rx=6, fill=fill)
    ink = readable_on(fill)
    add(heading, "text", section.label.upper(), x=x0 + 10, y=y0 + 18.5, font_size=14, font_weight=700,
        letter_spacing=1, fill=ink, class_="band-label")
    label_w = text_width(section.label.upper(), 14, bold=True) + len(section.label) + 20  # + letter spacing
    add(heading, "text", fit(section.hours, COLUMN_W - label_w - 10, 11), x=x0 + COLUMN_W - 10, y=y0 + 17.5,
        font_size=11, fill=ink, text_anchor="end", class_="band-hours")
    top = y0 + HEADING_H
    height = section_height(section, per_minute, MIN_BLOCK, EMPTY_H)
    body = add(group, "rect", x=x0, y=top, width=COLUMN_W, height=height, rx=4, fill=palette.panel,
               fill_opacity=0.55, class_="section-body")
    if lunch:
        body.set("fill", palette.primary)
        body.set("fill-opacity", "0.1")
        body.set("stroke", palette.primary)
        body.set("stroke-width", "1.5")
    if section.start == section.end:  # an empty Morning: no time to draw (a band with time says "… free")
        add(group, "text", "nothing planned", x=x0 + RAIL_W + 4, y=top + height / 2 + 4, font_size=10,
            font_style="italic", fill=palette.foreground, fill_opacity=0.55, class_="empty")
        return HEADING_H + height
    scale = section_scale(section, per_minute, MIN_BLOCK)
    _ticks(group, timeline, section, scale, x0, top, height, options)
    _gap_labels(group, timeline, section, scale, x0, top, options)
    area_x, area_w = x0 + RAIL_W, COLUMN_W - RAIL_W - 4
    for entry, (column, count) in zip(section.entries, side_by_side(section.entries), strict=True):
        block_top, block_h = scale.block(entry)
        width = area_w / count
        box = (area_x + column * width, top + block_top, width - 2, block_h)
        draw_block(group, timeline, entry, box, options, prominent=lunch and entry.kind == "checkin")
    return HEADING_H + height


def _ticks(group: ET.Element, timeline: Timeline, section: Section, scale: Scale, x0: float, top: float,
           height: float, options: ExportOptions) -> None:
    """Hour lines across the section and their labels on the rail (where two would touch, the first)."""
    palette = options.palette
    last = -100.0
    for at, wall in hour_ticks(section.start, section.end, timeline.zone):
        y = top + scale.y(at)
        add(group, "line", x1=x0 + RAIL_W - 3, y1=y, x2=x0 + COLUMN_W, y2=y, stroke=palette.foreground,
            stroke_opacity=0.12, class_="tick")
        if y - last >= 11 and y + 4 <= top + height and y - 7 >= top:
            add(group, "text", spoken(wall), x=x0 + RAIL_W - 5, y=y + 3, font_size=8, text_anchor="end",
                fill=palette.foreground, fill_opacity=0.6, class_="tick-label")
            last = y


def _gap_labels(group: ET.Element, timeline: Timeline, section: Section, scale: Scale, x0: float, top: float,
                options: ExportOptions) -> None:
    """'3 h free' in empty stretches of an hour or more (an empty band: its whole time, however short).

    Found with core.gaps, but over every block drawn: a skipped slot frees
    its time for `smm-tui free`, yet its block is still on the poster, and
    the label must not be written across it.
    """
    drawn = [(e.starts_at, max(e.ends_at, e.starts_at + MINUTE)) for e in section.entries]
    for gap in gaps_between(drawn, section.start, section.end, timeline.wall_zone(),
                            min_minutes=GAP_LABEL_MINUTES if section.entries else 1):
        y1, y2 = top + scale.y(gap.starts_at), top + scale.y(gap.ends_at)
        if y2 - y1 < 16:
            continue
        add(group, "text", f"{duration_words(gap.minutes)} free", x=x0 + RAIL_W + 8, y=(y1 + y2) / 2 + 3.5,
            font_size=9.5, font_style="italic", fill=options.palette.foreground, fill_opacity=0.5,
            class_="gap-label")


LEGEND_MARKS = ("done", "skipped", "overdue", "missed", "now")


def legend_items(timeline: Timeline, options: ExportOptions) -> list[tuple[str, str]]:
    """(kind, 'Check-in 1/3') for each kind of the day, in the order of KINDS."""
    return [(kind, f"{KIND_LABELS.get(kind, kind)} {counts.done}/{counts.planned}")
            for kind, counts in timeline.counts_by_kind(options.now).items()]


def draw_legend(parent: ET.Element, timeline: Timeline, options: ExportOptions, y0: float, width: float) -> None:
    palette = options.palette
    group = add(parent, "g", class_="legend")
    items = legend_items(timeline, options)
    per_row = 5
    cell = (width - 2 * PAD) / per_row
    for index, (kind, words) in enumerate(items):
        x = PAD + (index % per_row) * cell
        y = y0 + 10 + (index // per_row) * 18
        item = add(group, "g", class_="legend-kind", data_kind=kind)
        kind_badge(item, kind, x + 7, y, 14, palette.kind(kind))
        add(item, "text", fit(words, cell - 22, 9.5), x=x + 18, y=y + 3.5, font_size=9.5,
            fill=palette.foreground, class_="legend-label")
    y = y0 + 10 + max(1, -(-len(items) // per_row)) * 18
    x = PAD
    colors = mark_colors(palette)
    for mark in LEGEND_MARKS:
        mark_badge(group, mark, x + 6, y, 12, colors[mark])
        add(group, "text", MARK_WORDS[mark], x=x + 15, y=y + 3.5, font_size=9.5, fill=palette.foreground,
            class_="legend-label")
        x += 22 + text_width(MARK_WORDS[mark], 9.5)


def svg_root(width: float, height: float, timeline: Timeline, options: ExportOptions,
              title: str) -> ET.Element:
    root = ET.Element("svg")
    root.set("xmlns", SVG_NS)
    for key, value in (("version", "1.1"), ("width", _n(width)), ("height", _n(height)),
                       ("viewBox", f"0 0 {_n(width)} {_n(height)}"), ("font-family", FONTS), ("role", "img"),
                       ("class", "smm-poster"), ("data-date", timeline.date.isoformat()),
                       ("data-zone", xml_text(timeline.zone))):
        root.set(key, value)
    add(root, "title", title)
    add(root, "style", STYLE + (print_light(options.palette) if options.palette.dark else ""))
    add(root, "rect", x=0, y=0, width=width, height=height, fill=options.palette.background, class_="background")
    return root


def _n(value: float) -> str:
    return str(round(value, 2)).removesuffix(".0")


def build_poster(timeline: Timeline, options: ExportOptions) -> ET.Element:
    """The whole poster as one svg: header, the two columns, the legend."""
    poster = layout(timeline, options)
    columns_h = max(poster.column_height(0), poster.column_height(1))
    height = max(PAGE_H, HEADER_H + PAD + columns_h + PAD + LEGEND_H)
    root = svg_root(WIDTH, height, timeline, options,
                     f"smm-tui: {long_date(timeline.date)} to scale, {timeline.counts(options.now).summary()}")
    draw_header(root, timeline, options, WIDTH)
    top = HEADER_H + PAD
    for index in (0, 1):
        draw_column(root, timeline, poster, index, PAD + index * (COLUMN_W + COLUMN_GAP), top, options)
    draw_legend(root, timeline, options, top + columns_h + PAD, WIDTH)
    return dark_prints_light(root, options)


def dark_prints_light(root: ET.Element, options: ExportOptions) -> ET.Element:
    """Tag a dark theme's ink and paper so the style's print rules put it on a light page (as svg.py)."""
    if options.palette.dark:
        mark_roles(root, options.palette)
    return root


def column_svg(timeline: Timeline, poster: Poster, index: int, options: ExportOptions) -> ET.Element:
    """One column as its own svg (the html page lays the two out side by side, or stacked on a phone)."""
    height = poster.column_height(index)
    names = " and ".join(s.label for s in poster.columns[index])
    root = svg_root(COLUMN_W, height, timeline, options, f"{names}, to scale")
    draw_column(root, timeline, poster, index, 0, 0, options)
    return dark_prints_light(root, options)


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    root = build_poster(timeline, options)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")

