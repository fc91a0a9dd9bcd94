"""svg and html of a week: seven day columns, the four bands as rows, on one landscape A4 page.

The week as one picture, for the wall or the Monday meeting. A header with
the week's range and its counts; a heading per day with its progress (done
of planned, a bar of done / skipped / missed); then one row per band
(Morning, Lunch, Afternoon, Evening) across all seven days, and within a
band a row per start time, so the same time lines up across the days; in
every cell the band's tasks of that day as small chips: kind colour and
glyph, start time, title, and the mark of its state. A legend at the foot
counts each kind over the week. Where each chip goes is decided by
core.export.week_layout; this module draws it.

Rules this file keeps, as the day's svg does (core.export.svg):
- The states are `Timeline.state` at the export moment and the counts are
  `Timeline.counts` - the one definition every export uses.
- Text is measured with DejaVu Sans's advance widths (core.export.fontmetrics):
  a title wraps to two lines and then ends in an ellipsis, beside the time
  and the mark; nothing leaves its chip. The full title is in the chip's
  <title>.
- One page, always: the picture has the size of a landscape A4 page less
  its margins. When the week holds more than fits, the layout gives way in
  steps (one line per title, packed rows, then "+N more" in the fullest
  cells); the numbers in the headings still count every task.
- A dark theme prints light (the day svg's `print_light` rules).

Structure (tests and tools can rely on it):
    <svg class="smm-week" data-first data-last>
      <g class="day-head" data-date data-planned data-done ...>
      <g class="band" data-band="morning">
        <g class="cell" data-date>
          <g class="task" id="task-<date>-<id>" data-id data-date data-kind data-status data-start>
            <rect class="card"> <text class="glyph|time|title|mark">
          <text class="more" data-hidden="N">
      <g class="legend"><g class="kind-count" data-kind data-planned ...>
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime

from smm_tui.core.export.fontmetrics import fit, text_width
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.export.svg import (
    FONTS,
    PAGE_HEAD,
    SVG_NS,
    add,
    mark_roles,
    print_light,
    print_page,
    readable_on,
    with_counts,
    xml_text,
)
from smm_tui.core.export.week import week_counts, week_counts_by_kind, week_title
from smm_tui.core.export.week_layout import (
    BAND_GAP,
    CELL_PAD,
    CHIP_GAP,
    CHIP_TOP,
    COLUMN_W,
    DAY_HEAD_H,
    GRID_X,
    HEADER_H,
    HEIGHT,
    LEGEND_H,
    LINE,
    MARK_GAP,
    MARK_SIZE,
    MARKS,
    PAD,
    SIZE,
    STRIPE_W,
    TIME_X,
    TITLE_X,
    WIDTH,
    Layout,
    chip_height,
    mark_of,
)
from smm_tui.core.kinds import GLYPHS, KIND_LABELS, KINDS
from smm_tui.core.timeline import BAND_KEYS, BAND_LABELS, Entry, Timeline
from smm_tui.core.wallclock import zone

STYLE = "@page { size: A4 landscape; margin: 8mm; }"
MARK_WORDS = {"done": "done", "skipped": "skipped", "overdue": "overdue", "missed": "missed", "now": "running now",
              "open": "open"}


def _header(root: ET.Element, timelines: Sequence[Timeline], options: ExportOptions) -> None:
    palette = options.palette
    now = options.now
    counts = week_counts(timelines, now)
    group = add(root, "g", class_="header")
    add(group, "rect", x=0, y=0, width=WIDTH, height=6, fill=palette.primary)
    add(group, "text", week_title(timelines), x=PAD, y=28, font_size=18, font_weight=700,
        fill=palette.foreground, class_="week-title")
    as_of = f"as of {now:%a %d %b} {now.year:04d} {now:%H:%M}"
    summary = f" · {counts.summary()}"
    room = WIDTH - 2 * PAD - text_width(as_of, 9.5) - 16 - text_width(summary, 10.5)
    with_counts(add(group, "text", fit(xml_text(timelines[0].zone), room, 10.5) + summary, x=PAD, y=43,
                    font_size=10.5, fill=palette.foreground, fill_opacity=0.75, class_="week-summary"), counts)
    add(group, "text", "smm-tui", x=WIDTH - PAD, y=26, font_size=12, font_weight=700, fill=palette.primary,
        text_anchor="end")
    add(group, "text", as_of, x=WIDTH - PAD, y=43, font_size=9.5, fill=palette.foreground, fill_opacity=0.6,
        text_anchor="end", class_="exported")


def _is_today(timeline: Timeline, now: datetime) -> bool:
    return now.astimezone(zone(timeline.zone)).date() == timeline.date


def _short_labels(timelines: Sequence[Timeline], now: datetime) -> bool:
    """Whether the headings say "Mon 23" rather than "Mon 23 Nov": all the same, and the short form
    only when some "Mon 23 Nov" would not fit beside its "14/20 done"."""
    def fits(timeline: Timeline) -> bool:
        counts = timeline.counts(now)
        done_w = text_width(f"{counts.done}/{counts.planned} done", 8.5)
        return text_width(f"{timeline.date:%a %d %b}", 10, bold=True) <= COLUMN_W - 16 - done_w - 6

    return not all(fits(t) for t in timelines)


def _day_head(root: ET.Element, index: int, timeline: Timeline, options: ExportOptions, today: bool,
              short: bool) -> None:
    palette = options.palette
    counts = timeline.counts(options.now)
    x = GRID_X + index * COLUMN_W
    y = HEADER_H
    group = with_counts(add(root, "g", class_="day-head", data_date=timeline.date.isoformat()), counts)
    add(group, "rect", x=x + 2, y=y, width=COLUMN_W - 4, height=DAY_HEAD_H - 4, rx=5,
        fill=palette.primary if today else palette.panel, fill_opacity=0.18 if today else None)
    done = f"{counts.done}/{counts.planned} done"
    done_w = text_width(done, 8.5)
    room = COLUMN_W - 16 - done_w - 6
    label = f"{timeline.date:%a %d}" if short else f"{timeline.date:%a %d %b}"
    add(group, "text", fit(label, room, 10, bold=True), x=x + 8, y=y + 14, font_size=10, font_weight=700,
        fill=palette.foreground, class_="day-label")
    add(group, "text", done, x=x + COLUMN_W - 8, y=y + 14, font_size=8.5, fill=palette.foreground,
        text_anchor="end", class_="day-done")
    rest = [f"{n} {word}" for n, word in ((counts.skipped, "skipped"), (counts.overdue, "overdue"),
                                          (counts.missed, "missed")) if n]
    if rest:
        add(group, "text", fit(", ".join(rest), COLUMN_W - 16, 8), x=x + 8, y=y + 25, font_size=8,
            fill=palette.foreground, fill_opacity=0.75, class_="day-rest")
    bar_x, bar_y, bar_w = x + 8, y + 29, COLUMN_W - 16
    add(group, "rect", x=bar_x, y=bar_y, width=bar_w, height=4, rx=2, fill=palette.foreground, fill_opacity=0.12)
    if counts.planned:
        offset = 0.0
        for value, fill, opacity, cls in ((counts.done, palette.success, None, "bar-done"),
                                          (counts.skipped, palette.foreground, 0.35, "bar-skipped"),
                                          (counts.missed + counts.overdue, palette.error, 0.8, "bar-late")):
            width = bar_w * value / counts.planned
            if width:
                add(group, "rect", x=bar_x + offset, y=bar_y, width=width, height=4, fill=fill,
                    fill_opacity=opacity, class_=cls)
                offset += width


def _chip(cell: ET.Element, timeline: Timeline, entry: Entry, lines: list[str], x: float, y: float,
          options: ExportOptions) -> float:
    """One task's chip at (x, y); returns its height."""
    palette = options.palette
    color = palette.kind(entry.kind)
    state, mark = mark_of(timeline, entry, options.now)
    width = COLUMN_W - 2 * CELL_PAD
    height = chip_height(len(lines))
    task = add(cell, "g", class_="task", id=f"task-{timeline.date.isoformat()}-{entry.id}", data_id=entry.id,
               data_date=timeline.date.isoformat(), data_kind=entry.kind, data_status=state,
               data_start=f"{entry.start:%H:%M}")
    label = KIND_LABELS.get(entry.kind, entry.kind)
    add(task, "title", f"{entry.start:%H:%M} {label}: {xml_text(entry.title)} — {MARK_WORDS[mark or state]}")
    rect = add(task, "rect", x=x, y=y, width=width, height=height, rx=3, fill=color,
               fill_opacity=0.07 if state == "skipped" else 0.15, class_="card")
    if state in ("missed", "overdue"):
        rect.set("stroke", palette.error)
        rect.set("stroke-dasharray", "3 2")
    add(task, "rect", x=x, y=y, width=STRIPE_W, height=height, rx=3, fill=color)
    add(task, "text", GLYPHS.get(entry.kind, "•"), x=x + STRIPE_W / 2, y=y + CHIP_TOP, font_size=7.5,
        fill=readable_on(color), text_anchor="middle", class_="glyph")
    add(task, "text", f"{entry.start:%H:%M}", x=x + TIME_X, y=y + CHIP_TOP, font_size=SIZE, font_weight=700,
        fill=palette.foreground, class_="time")
    title = add(task, "text", lines[0] if len(lines) == 1 else None, x=x + TITLE_X, y=y + CHIP_TOP,
                font_size=SIZE, fill=palette.foreground, class_="title")
    if len(lines) > 1:
        for index, line in enumerate(lines):
            add(title, "tspan", line, x=x + TITLE_X, y=y + CHIP_TOP + index * LINE)
    if state == "skipped":
        title.set("text-decoration", "line-through")
        title.set("fill-opacity", "0.6")
    if mark is not None:
        colors = {"done": palette.success, "skipped": palette.foreground, "missed": palette.error,
                  "overdue": palette.error, "now": palette.primary}
        add(task, "text", MARKS[mark], x=x + width - MARK_GAP, y=y + CHIP_TOP, font_size=MARK_SIZE,
            font_weight=700, fill=colors[mark], text_anchor="end", class_=f"mark {mark}")
    return height


def _bands(root: ET.Element, layout: Layout, options: ExportOptions, today: int | None) -> float:
    palette = options.palette
    timelines = layout.timelines
    y = float(HEADER_H + DAY_HEAD_H)
    if today is not None:
        add(root, "rect", x=GRID_X + today * COLUMN_W + 2, y=y, width=COLUMN_W - 4, height=layout.height,
            fill=palette.primary, fill_opacity=0.06, class_="today")
    for key in BAND_KEYS:
        group = add(root, "g", class_="band", data_band=key)
        add(group, "line", x1=PAD, y1=y, x2=WIDTH - PAD, y2=y, stroke=palette.foreground, stroke_opacity=0.2)
        add(group, "text", BAND_LABELS[key], x=PAD, y=y + BAND_GAP + 10, font_size=11, font_weight=700,
            fill=palette.primary, class_="band-label")
        add(group, "text", _band_hint(key, options), x=PAD, y=y + BAND_GAP + 22, font_size=8,
            fill=palette.foreground, fill_opacity=0.7, class_="band-hint")
        for day, timeline in enumerate(timelines):
            cell = add(group, "g", class_="cell", data_date=timeline.date.isoformat())
            x = GRID_X + day * COLUMN_W + CELL_PAD
            bottom = y + BAND_GAP
            for entry, lines, top in layout.chips[key][day]:
                bottom = y + BAND_GAP + top + _chip(cell, timeline, entry, lines, x, y + BAND_GAP + top, options)
            hidden = layout.hidden[key][day]
            if hidden:
                add(cell, "text", f"+{hidden} more", x=x + 2, y=bottom + CHIP_GAP + 8, font_size=8,
                    font_style="italic", fill=palette.foreground, fill_opacity=0.75, class_="more",
                    data_hidden=hidden)
        y += layout.heights[key]
    add(root, "line", x1=PAD, y1=y, x2=WIDTH - PAD, y2=y, stroke=palette.foreground, stroke_opacity=0.2)
    return y


def _band_hint(key: str, options: ExportOptions) -> str:
    starts = options.bands
    return {"morning": f"to {starts.lunch:%H:%M}", "lunch": f"{starts.lunch:%H:%M}–{starts.afternoon:%H:%M}",
            "afternoon": f"{starts.afternoon:%H:%M}–{starts.evening:%H:%M}",
            "evening": f"from {starts.evening:%H:%M}"}[key]


def _legend(root: ET.Element, timelines: Sequence[Timeline], options: ExportOptions) -> None:
    palette = options.palette
    by_kind = week_counts_by_kind(timelines, options.now)
    y = HEIGHT - LEGEND_H + 6
    group = add(root, "g", class_="legend")
    add(group, "text", "Done vs planned", x=PAD, y=y + 11, font_size=9.5, font_weight=700, fill=palette.foreground)
    x = PAD + 92.0
    step = (WIDTH - PAD - x) / max(len(KINDS), 1)
    for kind, counts in by_kind.items():
        color = palette.kind(kind)
        item = with_counts(add(group, "g", class_="kind-count", data_kind=kind), counts)
        add(item, "circle", cx=x + 7, cy=y + 7, r=7, fill=color)
        add(item, "text", GLYPHS.get(kind, "•"), x=x + 7, y=y + 10, font_size=8, fill=readable_on(color),
            text_anchor="middle", class_="glyph")
        text = f"{KIND_LABELS.get(kind, kind)} {counts.done}/{counts.planned}"
        add(item, "text", fit(text, step - 22, 9), x=x + 18, y=y + 10.5, font_size=9, fill=palette.foreground,
            class_="kind-label")
        x += step


def build_week_svg(timelines: Sequence[Timeline], options: ExportOptions) -> ET.Element:
    """The week as an ElementTree element (the html page embeds the same tree)."""
    if len(timelines) != 7:
        raise ValueError(f"a week is seven days, got {len(timelines)}")
    palette = options.palette
    first, last = timelines[0], timelines[-1]
    counts = week_counts(timelines, options.now)
    root = ET.Element("svg")
    root.set("xmlns", SVG_NS)
    for key, value in (("version", "1.1"), ("width", str(WIDTH)), ("height", str(HEIGHT)),
                       ("viewBox", f"0 0 {WIDTH} {HEIGHT}"), ("font-family", FONTS), ("role", "img"),
                       ("aria-labelledby", "svg-title"), ("class", "smm-week"),
                       ("data-first", first.date.isoformat()), ("data-last", last.date.isoformat())):
        root.set(key, value)
    add(root, "title", f"smm-tui: {week_title(timelines)}, {counts.summary()}", id="svg-title")
    add(root, "style", STYLE + (print_light(palette) if palette.dark else ""))
    add(root, "rect", x=0, y=0, width=WIDTH, height=HEIGHT, fill=palette.background, class_="background")
    _header(root, timelines, options)
    today = next((i for i, t in enumerate(timelines) if _is_today(t, options.now)), None)
    short = _short_labels(timelines, options.now)
    for index, timeline in enumerate(timelines):
        _day_head(root, index, timeline, options, index == today, short)
    layout = Layout(timelines, options.now)
    _bands(root, layout, options, today)
    _legend(root, timelines, options)
    if palette.dark:
        mark_roles(root, palette)
    return root


def render_svg(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    root = build_week_svg(timelines, options)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


_PAGE = PAGE_HEAD + """\
@page {{ size: A4 landscape; margin: 8mm; }}
html {{ background: {background}; color: {foreground}; }}
body {{ margin: 0 auto; padding: 12px; max-width: 1100px; font-family: {fonts}; }}
svg.smm-week {{ display: block; width: 100%; height: auto; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
@media print {{
  body {{ padding: 0; max-width: none; }}
  svg.smm-week {{ width: 281mm; height: 193mm; break-inside: avoid; page-break-inside: avoid; }}{print_page}
}}
</style>
</head>
<body>
{svg}
</body>
</html>
"""


def render_html(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    """The week's svg inline in a page that prints on one landscape A4 sheet (dark themes on white)."""
    root = build_week_svg(timelines, options)
    palette = options.palette
    page = _PAGE.format(
        title=html.escape(f"smm-tui: {week_title(timelines)}"),
        background=palette.background,
        foreground=palette.foreground,
        fonts=root.get("font-family", "sans-serif"),
        svg=ET.tostring(root, encoding="unicode"),
        print_page=print_page(palette),
    )
    return page.encode("utf-8")
