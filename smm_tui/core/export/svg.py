"""svg: the day as an infographic, in the spirit of the "hectic schedule" graphic.

A vertical spine with the time stamps, the four band headings (Morning,
Lunch, Afternoon, Evening "from 19:00 to next day"), one card per slot with
the kind's glyph and colour from the chosen theme, the title and platform
labels, the first line of its note and a done / skipped / overdue / missed
mark, and a footer with done-vs-planned counts per kind.

Rules this file keeps:
- Self-contained: no external fonts, scripts, images, stylesheets or links;
  the only URI in the file is the SVG namespace name. Glyphs are text in a
  font stack (DejaVu Sans, then fonts for CJK and colour emoji), so any
  browser shows them with its own fonts.
- Text stays text (<text> elements: selectable, searchable). Every line is
  measured with DejaVu Sans's advance widths (core.export.fontmetrics): a
  title wraps to two lines and then ends in an ellipsis, the note's first
  line and the meta line are shortened to the card, and lines beside the
  mark leave room for it; the card grows with its lines. The full title and
  note are in the slot's <title> (tooltip, screen readers).
- The tree is built with ElementTree, which escapes markup; control
  characters (illegal in XML 1.0) are shown as visible escapes first
  (core.text.printable), so any title gives well-formed XML.
- Layout: 718 px wide (190 mm at 96 dpi, A4 minus margins); the height
  follows the day, and a normal day (~20 slots) fits on one A4 page (the
  file asks for A4 with 8 mm margins via `@page`; checked by printing it
  with headless Chromium: one page).
- States and counts are `Timeline.state` / `Timeline.counts` at the export
  moment (`options.now`, from the injected clock): "overdue" = open and its
  end has passed today, "missed" = on a day that is over; the summary lines
  are `Counts.summary`, as in `today` and the app's header.
- A dark theme prints light: the file's style has @media print rules that
  recolour ink, paper and panel (`print_light`).

Structure (tests and tools can rely on it):
    <g class="band" data-band="morning">
      <g class="band-heading">...</g>
      <g class="task" id="task-<id>" data-id data-kind data-status data-start>...</g>
    <g class="footer"><g class="kind-count" data-kind data-planned data-done data-skipped data-open
      data-overdue data-missed>...
data-status is done, skipped, open, overdue or missed; the header's day-summary and the
footer's total carry the day's counts in the same data-* attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import time

from smm_tui.core.export.fontmetrics import fit, text_width, wrap
from smm_tui.core.export.options import ExportOptions, Palette
from smm_tui.core.kinds import GLYPHS, KIND_LABELS, platform_label
from smm_tui.core.text import long_date, printable
from smm_tui.core.timeline import Band, Counts, Entry, Timeline

SVG_NS = "http://www.w3.org/2000/svg"
FONTS = ("'DejaVu Sans', 'Bitstream Vera Sans', Helvetica, Arial, 'Segoe UI', 'Noto Sans', "
         "'Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans CJK KR', 'Hiragino Sans', 'PingFang SC', "
         "'Microsoft YaHei', 'Malgun Gothic', 'Noto Color Emoji', 'Apple Color Emoji', 'Segoe UI Emoji', "
         "'Segoe UI Symbol', sans-serif")
"""DejaVu Sans first: the text is measured with its widths (core.export.fontmetrics). The Latin fallbacks
are narrower, so text measured for DejaVu fits in them too; then fonts for CJK and colour emoji, so
those titles are not drawn as empty boxes."""

STYLE = "@page { size: A4 portrait; margin: 8mm; }"
"""Printing the bare .svg from a browser: A4 with margins that leave room for a normal day."""

WIDTH = 718
PAD = 16
TIME_X = 60
SPINE_X = 80
CARD_X = 100
CARD_W = WIDTH - PAD - CARD_X
ROW_H = 36
BAND_H = 30
EMPTY_H = 24
HEADER_H = 66
NOTE_H = 18
FOOTER_COLUMNS = 5
FOOTER_ROW_H = 28

MARK_TEXT = {"done": "✓ done", "skipped": "– skipped", "overdue": "! overdue", "missed": "✗ missed",
             "now": "● now"}

# XML 1.0 forbids these even as character references; printable() handles C0/C1.
_XML_ILLEGAL = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """User text that is safe inside an XML document and shows control characters visibly."""
    return _XML_ILLEGAL.sub("\ufffd", printable(text))


def _num(value: float) -> str:
    return str(round(value, 2)).removesuffix(".0")


class _Builder:
    """Thin ElementTree helper: numbers become attributes, `class_` becomes `class`."""

    @staticmethod
    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
        element = ET.SubElement(parent, tag)
        for key, value in attrs.items():
            if value is None:
                continue
            name = key.rstrip("_").replace("_", "-")
            element.set(name, _num(value) if isinstance(value, (int, float)) else str(value))
        if text is not None:
            element.text = text
        return element


add = _Builder.add


def status_of(timeline: Timeline, entry: Entry, options: ExportOptions) -> str:
    """done, skipped, open, overdue or missed at the export moment (`Timeline.state`)."""
    return timeline.state(entry, options.now)


def readable_on(color: str) -> str:
    """Black or white, whichever reads better on `color` (WCAG relative luminance)."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.4 else "#FFFFFF"


def _hint(key: str, options: ExportOptions) -> str:
    starts = options.bands
    hints = {
        "morning": f"start of day to {starts.lunch:%H:%M}",
        "lunch": f"{starts.lunch:%H:%M} to {starts.afternoon:%H:%M}",
        "afternoon": f"{starts.afternoon:%H:%M} to {starts.evening:%H:%M}",
        "evening": f"{_spoken(starts.evening)} to next day",
    }
    return hints.get(key, "")


def _spoken(t: time) -> str:
    """19:00 -> '7 pm' (as on the infographic); other times stay HH:MM."""
    if t.minute:
        return f"{t:%H:%M}"
    hour = t.hour % 12 or 12
    return f"{hour} {'am' if t.hour < 12 else 'pm'}"


def with_counts(element: ET.Element, counts: Counts) -> ET.Element:
    """`element` with data-planned, data-done, ...: the numbers of its summary, for tests and tools."""
    for key, value in counts.as_dict().items():
        element.set(f"data-{key}", str(value))
    return element


def _header(root: ET.Element, timeline: Timeline, options: ExportOptions, palette: Palette) -> int:
    counts = timeline.counts(options.now)
    group = add(root, "g", class_="header")
    add(group, "rect", x=0, y=0, width=WIDTH, height=8, fill=palette.primary)
    add(group, "text", long_date(timeline.date), x=PAD, y=36, font_size=22, font_weight=700,
        fill=palette.foreground, class_="day-title")
    as_of = f"as of {options.now:%d %b} {options.now.year:04d} {options.now:%H:%M}"
    summary = f" · {counts.summary()}"
    # The counts stay whole; a long zone name gives way so the line stops short of "as of".
    room = WIDTH - 2 * PAD - text_width(as_of, 10) - 16 - text_width(summary, 11.5)
    with_counts(add(group, "text", fit(xml_text(timeline.zone), room, 11.5) + summary, x=PAD, y=56,
                    font_size=11.5, fill=palette.foreground, fill_opacity=0.75, class_="day-summary"), counts)
    add(group, "text", "smm-tui", x=WIDTH - PAD, y=34, font_size=13, font_weight=700, fill=palette.primary,
        text_anchor="end")
    add(group, "text", as_of, x=WIDTH - PAD, y=56, font_size=10,
        fill=palette.foreground, fill_opacity=0.6, text_anchor="end", class_="exported")
    height = HEADER_H
    if timeline.note:
        note = " ".join(xml_text(timeline.note).split())
        add(group, "text", fit(note, WIDTH - 2 * PAD, 11), x=PAD, y=height + 6, font_size=11,
            fill=palette.foreground, fill_opacity=0.8, class_="day-note")
        height += NOTE_H
    return height


def _band_heading(group: ET.Element, band: Band, hint: str, y: float, palette: Palette) -> None:
    heading = add(group, "g", class_="band-heading")
    add(heading, "rect", x=PAD, y=y + 3, width=WIDTH - 2 * PAD, height=BAND_H - 6, rx=6, fill=palette.panel)
    add(heading, "rect", x=SPINE_X - 7, y=y + BAND_H / 2 - 7, width=14, height=14, rx=3,
        fill=palette.primary, transform=f"rotate(45 {SPINE_X} {y + BAND_H / 2})")
    add(heading, "text", band.label, x=CARD_X, y=y + BAND_H / 2 + 5.5, font_size=15, font_weight=700,
        fill=palette.primary, class_="band-label")
    add(heading, "text", hint, x=WIDTH - PAD - 10, y=y + BAND_H / 2 + 4, font_size=10.5,
        fill=palette.foreground, fill_opacity=0.7, text_anchor="end", class_="band-hint")


TITLE_SIZE, TITLE_LINE = 12.5, 15
NOTE_SIZE, NOTE_LINE = 10.5, 13
META_SIZE, META_LINE = 9.5, 12
MARK_SIZE = 11
TEXT_X = CARD_X + 14
TEXT_RIGHT = CARD_X + CARD_W - 10
MARK_GAP = 10
MARK_ROWS = 32
"""Lines whose baseline is less than this below the card's top share their row with the mark."""


class Card:
    """One slot's card laid out: its text lines fitted to the card (font metrics) and its height.

    Title in up to two lines (then an ellipsis), the first line of the note,
    and the meta line (kind, platforms, time span); lines beside the mark
    ("✓ done", "! missed", ...) leave room for it.
    """

    def __init__(self, entry: Entry, status: str, mark: str | None) -> None:
        label = KIND_LABELS.get(entry.kind, entry.kind)
        platforms = ", ".join(xml_text(platform_label(p)) for p in entry.platforms)
        self.span = f"{entry.start:%H:%M}–{entry.end:%H:%M}" if entry.minutes else f"{entry.start:%H:%M}"
        self.title = xml_text(entry.title)
        self.tooltip = (f"{self.span} {label}: {self.title}" + (f" ({platforms})" if platforms else "")
                        + f" — {status}" + (f"\n{xml_text(entry.note)}" if entry.note else ""))
        self.mark = mark
        full = TEXT_RIGHT - TEXT_X
        beside = full - (text_width(MARK_TEXT[mark], MARK_SIZE, bold=True) + MARK_GAP if mark else 0)
        self.title_lines = wrap(self.title, beside, TITLE_SIZE, bold=True)
        baseline = 14 + TITLE_LINE * (len(self.title_lines) - 1)
        note = xml_text(entry.note.strip().splitlines()[0]) if entry.note.strip() else ""
        self.note = ""
        self.note_baseline = 0.0
        if note:
            baseline += NOTE_LINE
            self.note_baseline = baseline
            self.note = fit(note, beside if baseline < MARK_ROWS else full, NOTE_SIZE)
        baseline += META_LINE
        self.meta_baseline = baseline
        meta = (f"{label} · {platforms}" if platforms else label) + f" · {self.span}"
        self.meta = fit(meta, beside if baseline < MARK_ROWS else full, META_SIZE)
        self.height = baseline + 4
        """Height of the card; the row is 6 px taller."""


def _task(group: ET.Element, timeline: Timeline, entry: Entry, y: float, options: ExportOptions) -> float:
    """Draw one slot's row at `y`; returns the row's height."""
    palette = options.palette
    color = palette.kind(entry.kind)
    status = status_of(timeline, entry, options)
    mark = status if status != "open" else ("now" if entry.is_current(options.now) else None)
    card = Card(entry, status, mark)
    top = y + 3

    task = add(group, "g", class_="task", id=f"task-{entry.id}", data_id=entry.id, data_kind=entry.kind,
               data_status=status, data_start=f"{entry.start:%H:%M}")
    add(task, "title", card.tooltip)
    middle = top + 15
    add(task, "text", f"{entry.start:%H:%M}", x=TIME_X, y=middle + 4.5, font_size=12.5, font_weight=700,
        fill=palette.foreground, text_anchor="end", class_="time")
    rect = add(task, "rect", x=CARD_X, y=top, width=CARD_W, height=card.height, rx=6, fill=color,
               fill_opacity=0.07 if status == "skipped" else 0.14, stroke=color, stroke_opacity=0.5,
               class_="card")
    if status in ("missed", "overdue"):
        rect.set("stroke", palette.error)
        rect.set("stroke-opacity", "1")
        rect.set("stroke-dasharray", "4 3")
    add(task, "rect", x=CARD_X, y=top, width=5, height=card.height, rx=2, fill=color)
    add(task, "circle", cx=SPINE_X, cy=middle, r=11, fill=color, stroke=palette.background, stroke_width=2)
    add(task, "text", GLYPHS.get(entry.kind, "•"), x=SPINE_X, y=middle + 4.5, font_size=12,
        fill=readable_on(color), text_anchor="middle", class_="glyph")

    title_el = add(task, "text", card.title_lines[0] if len(card.title_lines) == 1 else None, x=TEXT_X,
                   y=top + 14, font_size=TITLE_SIZE, font_weight=600, fill=palette.foreground, class_="title")
    if len(card.title_lines) > 1:
        for index, line in enumerate(card.title_lines):
            add(title_el, "tspan", line, x=TEXT_X, y=top + 14 + index * TITLE_LINE)
    if status == "skipped":
        title_el.set("text-decoration", "line-through")
        title_el.set("fill-opacity", "0.6")
    if card.note:
        add(task, "text", card.note, x=TEXT_X, y=top + card.note_baseline, font_size=NOTE_SIZE,
            fill=palette.foreground, fill_opacity=0.85, class_="note")
    add(task, "text", card.meta, x=TEXT_X, y=top + card.meta_baseline, font_size=META_SIZE,
        fill=palette.foreground, fill_opacity=0.7, class_="meta")
    if mark is not None:
        colors = {"done": palette.success, "skipped": palette.foreground, "missed": palette.error,
                  "overdue": palette.error, "now": palette.primary}
        add(task, "text", MARK_TEXT[mark], x=TEXT_RIGHT, y=middle + 4, font_size=MARK_SIZE,
            font_weight=700, fill=colors[mark], fill_opacity=0.65 if mark == "skipped" else None,
            text_anchor="end", class_=f"mark {mark}")
    return card.height + 6


def _footer(root: ET.Element, timeline: Timeline, options: ExportOptions, y: float) -> int:
    palette = options.palette
    by_kind = timeline.counts_by_kind(options.now)
    rows = max(1, -(-len(by_kind) // FOOTER_COLUMNS))
    height = 30 + rows * FOOTER_ROW_H + 26
    footer = add(root, "g", class_="footer")
    add(footer, "rect", x=PAD, y=y, width=WIDTH - 2 * PAD, height=height, rx=8, fill=palette.panel)
    add(footer, "text", "Done vs planned", x=PAD + 12, y=y + 20, font_size=12.5, font_weight=700,
        fill=palette.foreground, class_="footer-title")
    column_w = (WIDTH - 2 * PAD - 24) / FOOTER_COLUMNS
    for index, (kind, counts) in enumerate(by_kind.items()):
        x = PAD + 12 + (index % FOOTER_COLUMNS) * column_w
        top = y + 30 + (index // FOOTER_COLUMNS) * FOOTER_ROW_H
        color = palette.kind(kind)
        item = with_counts(add(footer, "g", class_="kind-count", data_kind=kind), counts)
        add(item, "circle", cx=x + 8, cy=top + 7, r=8, fill=color)
        add(item, "text", GLYPHS.get(kind, "•"), x=x + 8, y=top + 10.5, font_size=9.5, fill=readable_on(color),
            text_anchor="middle", class_="glyph")
        add(item, "text", KIND_LABELS.get(kind, kind), x=x + 21, y=top + 11, font_size=10.5,
            fill=palette.foreground, class_="kind-label")
        add(item, "text", f"{counts.done}/{counts.planned}", x=x + column_w - 10, y=top + 11, font_size=10.5,
            font_weight=700, fill=palette.foreground, text_anchor="end", class_="kind-numbers")
        bar_w = column_w - 18
        add(item, "rect", x=x, y=top + 17, width=bar_w, height=5, rx=2.5, fill=palette.foreground,
            fill_opacity=0.12)
        done_w = bar_w * counts.done / counts.planned
        skipped_w = bar_w * counts.skipped / counts.planned
        if done_w:
            add(item, "rect", x=x, y=top + 17, width=done_w, height=5, rx=2.5, fill=color, class_="bar-done")
        if skipped_w:
            add(item, "rect", x=x + done_w, y=top + 17, width=skipped_w, height=5, fill=palette.foreground,
                fill_opacity=0.35, class_="bar-skipped")
    if not by_kind:
        add(footer, "text", "Nothing planned.", x=PAD + 12, y=y + 48, font_size=10.5, fill=palette.foreground)
    counts = timeline.counts(options.now)
    total = f"All slots: {counts.summary()}"
    with_counts(add(footer, "text", total, x=PAD + 12, y=y + height - 10, font_size=10.5,
                    fill=palette.foreground, fill_opacity=0.8, class_="total"), counts)
    return height


def _row_heights(timeline: Timeline, options: ExportOptions) -> list[float]:
    """Each slot's row height, in order (laid out once more than drawn: cheap, and keeps one layout)."""
    heights: list[float] = []
    for entry in timeline.entries:
        status = status_of(timeline, entry, options)
        mark = status if status != "open" else ("now" if entry.is_current(options.now) else None)
        heights.append(Card(entry, status, mark).height + 6)
    return heights


PRINT_LIGHT = {"ink": "#222222", "paper": "#FFFFFF", "panel": "#EEEEEE", "success": "#2E7D32",
               "error": "#C62828"}
"""What a dark palette's colours become on paper: ink, paper, panels, and the done and alarm colours
(a dark theme's are light, made to read on black)."""


PAGE_HEAD = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="smm-tui">
<title>{title}</title>
<style>
"""
"""The start of the day, week, poster and lanes html pages, up to their own styles (a `{title}` to fill in)."""


def print_page(palette: Palette) -> str:
    """The html page's own rule for paper: a dark theme's page prints as dark ink on white ("" for a light one).

    Every html export (day, week, poster, lanes) puts this inside its @media print block.
    """
    return f"\n  html {{ background: {PRINT_LIGHT['paper']}; color: {PRINT_LIGHT['ink']}; }}" if palette.dark else ""


def print_light(palette: Palette) -> str:
    """@media print rules that put a dark theme's picture on a light page (dark ink on white).

    CSS outranks the presentation attributes (fill=...), so the rules need
    only the data-fill / data-stroke roles that `mark_roles` adds; kind
    colours stay (they read on white too).
    """
    rules = " ".join(f"[data-{attribute}={role}] {{ {attribute}: {colour}; }}"
                     for role, colour in PRINT_LIGHT.items() for attribute in ("fill", "stroke"))
    return f" @media print {{ {rules} }}"


def mark_roles(root: ET.Element, palette: Palette) -> None:
    """Tag every element drawn in one of the palette's colours that print_light recolours."""
    roles = {palette.foreground: "ink", palette.background: "paper", palette.panel: "panel",
             palette.success: "success", palette.error: "error"}
    for element in root.iter():
        for attribute in ("fill", "stroke"):
            role = roles.get(element.get(attribute, ""))
            if role is not None:
                element.set(f"data-{attribute}", role)


def build_svg(timeline: Timeline, options: ExportOptions) -> ET.Element:
    """The infographic as an ElementTree element (the html export embeds the same tree)."""
    palette = options.palette
    heights = _row_heights(timeline, options)
    rows = sum(heights) + sum(BAND_H + (0 if b.entries else EMPTY_H) for b in timeline.bands)
    by_kind_rows = max(1, -(-len(timeline.counts_by_kind()) // FOOTER_COLUMNS))
    header_h = HEADER_H + (NOTE_H if timeline.note else 0)
    footer_h = 30 + by_kind_rows * FOOTER_ROW_H + 26
    height = header_h + rows + 10 + footer_h + PAD

    root = ET.Element("svg")
    root.set("xmlns", SVG_NS)
    for key, value in (("version", "1.1"), ("width", str(WIDTH)), ("height", _num(height)),
                       ("viewBox", f"0 0 {WIDTH} {_num(height)}"), ("font-family", FONTS), ("role", "img"),
                       ("aria-labelledby", "svg-title"), ("class", "smm-day"),
                       ("data-date", timeline.date.isoformat()), ("data-zone", xml_text(timeline.zone))):
        root.set(key, value)
    add(root, "title", f"smm-tui: {long_date(timeline.date)}, {timeline.counts(options.now).summary()}",
        id="svg-title")
    add(root, "style", STYLE + (print_light(palette) if palette.dark else ""))
    add(root, "rect", x=0, y=0, width=WIDTH, height=height, fill=palette.background, class_="background")
    y: float = _header(root, timeline, options, palette)
    last_row = (heights[-1] if heights else ROW_H)
    spine_top, spine_bottom = y + BAND_H / 2, y + rows - last_row + 18
    add(root, "line", x1=SPINE_X, y1=spine_top, x2=SPINE_X, y2=max(spine_top, spine_bottom),
        stroke=palette.foreground, stroke_opacity=0.3, stroke_width=3, stroke_linecap="round", class_="spine")
    for band in timeline.bands:
        group = add(root, "g", class_="band", data_band=band.key)
        _band_heading(group, band, _hint(band.key, options), y, palette)
        y += BAND_H
        if not band.entries:
            add(group, "text", "nothing planned", x=CARD_X + 14, y=y + 15, font_size=10.5, font_style="italic",
                fill=palette.foreground, fill_opacity=0.55, class_="empty")
            y += EMPTY_H
        for entry in band.entries:
            y += _task(group, timeline, entry, y, options)
    _footer(root, timeline, options, y + 10)
    if palette.dark:
        mark_roles(root, palette)
    return root


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    root = build_svg(timeline, options)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
