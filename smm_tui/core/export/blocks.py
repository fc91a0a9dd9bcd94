"""One slot drawn as a block on a time scale, for the poster and the lanes pictures.

The block's size comes from the caller (its duration on the scale, its
sub-column); this module fills it: the kind's colour and drawing
(core.export.icons), the title wrapped to as many lines as the height
holds, a line with the time span and platforms when there is room, and the
state mark. The state is `Timeline.state` at the export moment - the one
definition every export uses (done, skipped, open, overdue, missed) - plus
"now" for the slot running at that moment, as in the card export.

Every line is measured with DejaVu Sans's advance widths
(core.export.fontmetrics) and shortened to the room beside the drawing and
the mark, and a line is only drawn where its whole box fits in the block's
height: no text leaves its block. What does not fit is in the block's
<title> (tooltip, screen readers).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from smm_tui.core.export.fontmetrics import fit, wrap
from smm_tui.core.export.icons import kind_badge, mark_badge
from smm_tui.core.export.options import ExportOptions, Palette
from smm_tui.core.export.svg import add, xml_text
from smm_tui.core.kinds import KIND_LABELS, platform_label
from smm_tui.core.timeline import Entry, Timeline

TITLE_SIZE = 10.5
META_SIZE = 8.5
BIG_TITLE_SIZE = 13.0
LINE_EM = 1.25
"""Line pitch in em; a line's box (DejaVu Sans ascent + descent) is 1.164 em, so lines never touch."""
ASCENT_EM = 0.93
PAD = 3.0
MIN_TEXT_ROOM = 16.0
WIDE_ROOM = 90.0
"""A one-line block at least this wide beside its drawing shows the start before the title."""
"""Narrower than this beside the drawing and the mark, a block shows no text (only its tooltip)."""


def mark_of(timeline: Timeline, entry: Entry, options: ExportOptions) -> tuple[str, str | None]:
    """(state, mark): the slot's state and the mark drawn for it ("now" for an open slot running now)."""
    state = timeline.state(entry, options.now)
    if state != "open":
        return state, state
    return state, "now" if entry.is_current(options.now) else None


def mark_colors(palette: Palette) -> dict[str, str]:
    """The colour of each mark's badge."""
    return {"done": palette.success, "skipped": palette.foreground, "missed": palette.error,
            "overdue": palette.error, "now": palette.primary}


def span_text(entry: Entry) -> str:
    return f"{entry.start:%H:%M}–{entry.end:%H:%M}" if entry.minutes else f"{entry.start:%H:%M}"


def draw_block(parent: ET.Element, timeline: Timeline, entry: Entry, box: tuple[float, float, float, float],
               options: ExportOptions, *, prominent: bool = False, size: float = TITLE_SIZE) -> ET.Element:
    """Draw a slot filling `box` (x, y, width, height); returns its <g class="task">.

    `size` is the title's font size; `prominent` (the lunch check-in) draws
    it larger, with a larger drawing and a heavier outline.
    """
    x, y, w, h = box
    palette = options.palette
    color = palette.kind(entry.kind)
    state, mark = mark_of(timeline, entry, options)
    label = KIND_LABELS.get(entry.kind, entry.kind)
    platforms = ", ".join(xml_text(platform_label(p)) for p in entry.platforms)
    title = xml_text(entry.title)
    group = add(parent, "g", class_="task", id=f"task-{entry.id}", data_id=entry.id, data_kind=entry.kind,
                data_status=state, data_start=f"{entry.start:%H:%M}", data_minutes=entry.minutes)
    add(group, "title", f"{span_text(entry)} {label}: {title}" + (f" ({platforms})" if platforms else "")
        + f" — {state}" + (f"\n{xml_text(entry.note)}" if entry.note else ""))
    card = add(group, "rect", x=x, y=y, width=w, height=h, rx=min(5, h / 4), fill=color,
               fill_opacity=0.08 if state == "skipped" else 0.2 if prominent else 0.16, stroke=color,
               stroke_opacity=0.75, stroke_width=2 if prominent else 1, class_="card")
    if state in ("missed", "overdue"):
        card.set("stroke", palette.error)
        card.set("stroke-opacity", "1")
        card.set("stroke-dasharray", "4 3")

    title_size = BIG_TITLE_SIZE if prominent else size
    one_line = title_size * LINE_EM + 2 * PAD
    icon = 30.0 if prominent and h >= 40 and w >= 120 else min(16.0, h - 2 * PAD)
    room_for_icon = w >= icon + MIN_TEXT_ROOM + 4 * PAD
    top_row = min(h, max(icon + 2 * PAD, one_line))  # the drawing and the mark sit in the first row's middle
    if room_for_icon and icon >= 8:
        kind_badge(group, entry.kind, x + PAD + icon / 2, y + top_row / 2, icon, color)
    mark_size = min(13.0, h - 2 * PAD)
    text_x = x + PAD + (icon + PAD if room_for_icon and icon >= 8 else 0)
    right = x + w - PAD
    if mark is not None and w >= mark_size + 2 * PAD:
        mark_badge(group, mark, right - mark_size / 2, y + top_row / 2, mark_size, mark_colors(palette)[mark])
        right -= mark_size + PAD
    room = right - text_x
    if room < MIN_TEXT_ROOM:
        return group

    meta = f"{span_text(entry)} · {platforms}" if platforms else f"{span_text(entry)} · {label}"
    title_pitch = title_size * LINE_EM
    meta_pitch = META_SIZE * LINE_EM
    if h < 2 * PAD + title_pitch + meta_pitch:
        # One line, centred in the block: the start and the title, or in a narrow block (a lane) the
        # title alone - the time rail beside it gives the time.
        line = f"{entry.start:%H:%M} {title}" if room >= WIDE_ROOM else title
        text = fit(line, room, title_size, bold=True)
        baseline = y + h / 2 - title_size * 1.164 / 2 + title_size * ASCENT_EM
        _line(group, text, text_x, baseline, title_size, palette.foreground, state, "title", bold=True)
        return group
    title_lines = max(1, min(3, int((h - 2 * PAD - meta_pitch) // title_pitch)))
    lines = wrap(title, room, title_size, bold=True, lines=title_lines)
    baseline = y + PAD + title_size * ASCENT_EM + max(0.0, (top_row - 2 * PAD - title_pitch * len(lines)) / 2)
    title_el = _line(group, lines[0] if len(lines) == 1 else None, text_x, baseline, title_size,
                     palette.foreground, state, "title", bold=True)
    if len(lines) > 1:
        for index, line in enumerate(lines):
            add(title_el, "tspan", line, x=text_x, y=baseline + index * title_pitch)
    meta_baseline = baseline + (len(lines) - 1) * title_pitch + title_size * (1.164 - ASCENT_EM) \
        + 0.3 * META_SIZE + META_SIZE * ASCENT_EM
    if meta_baseline + META_SIZE * (1.164 - ASCENT_EM) <= y + h - PAD + 1:
        _line(group, fit(meta, room, META_SIZE), text_x, meta_baseline, META_SIZE, palette.foreground, state,
              "meta", opacity=0.75)
    return group


def _line(parent: ET.Element, text: str | None, x: float, baseline: float, size: float, color: str, state: str,
          class_: str, *, bold: bool = False, opacity: float | None = None) -> ET.Element:
    element = add(parent, "text", text, x=x, y=baseline, font_size=size, font_weight=700 if bold else None,
                  fill=color, fill_opacity=opacity, class_=class_)
    if state == "skipped":
        element.set("text-decoration", "line-through")
        element.set("fill-opacity", "0.55")
    return element
