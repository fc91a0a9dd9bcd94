"""The poster's pictures: one line drawing per kind and per mark, as SVG path data we drew ourselves.

Paths in a 24 x 24 box, drawn with a round-capped stroke on a filled
circle, so they need no font, no emoji and no image file: the exported
picture stays self-contained and looks the same in every viewer and on
paper. Each kind has its own shape (kinds differ by shape, not by colour
alone), as the app's glyphs do.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from smm_tui.core.export.svg import add, readable_on

KIND_PATHS: dict[str, str] = {
    # a map pin: checking in somewhere
    "checkin": "M12 21s-6.5-5.6-6.5-10.5a6.5 6.5 0 0 1 13 0C18.5 15.4 12 21 12 21z"
               "M9.8 10.3a2.2 2.2 0 1 0 4.4 0a2.2 2.2 0 1 0-4.4 0",
    # an eye: watching mentions
    "monitor": "M2.5 12s3.6-6.5 9.5-6.5 9.5 6.5 9.5 6.5-3.6 6.5-9.5 6.5S2.5 12 2.5 12z"
               "M9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0",
    # a speech bubble
    "reply": "M4 5h16v10.5H10l-5 4v-4H4z",
    # a paper plane
    "publish": "M3 11.5 21 3l-7.5 18-2.5-7.5z M11 13.5 21 3",
    # two people
    "meeting": "M6 10.5a3 3 0 1 0 6 0a3 3 0 1 0-6 0 M3 20.5c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5"
               "M15 7.8a2.6 2.6 0 1 1 1.2 4.9 M17 15c2.4.5 4 2.6 4 5.5",
    # a magnifying glass
    "research": "M4.5 10.5a6 6 0 1 0 12 0a6 6 0 1 0-12 0 M15 15l5.5 5.5",
    # a bar chart
    "analytics": "M3.5 20.5h17 M6.5 17v-5 M11 17V6.5 M15.5 17v-7 M19.5 17V9",
    # a clock
    "schedule": "M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0 M12 7v5.2l3.4 2.3",
    # a cup
    "break": "M5 10h11v4.5a5 5 0 0 1-5 5h-1a5 5 0 0 1-5-5z M16 11.5h1.5a2.3 2.3 0 0 1 0 4.6H16 M8.5 3.5v3 M12.5 3.5v3",
}

MARK_PATHS: dict[str, str] = {
    "done": "M5.5 12.5l4.2 4.2L18.5 7.5",
    "skipped": "M6.5 12h11",
    "overdue": "M12 5.5v8 M12 18v.5",
    "missed": "M7.5 7.5l9 9 M16.5 7.5l-9 9",
    "now": "M9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0",
}

MARK_WORDS = {"done": "done", "skipped": "skipped", "overdue": "overdue", "missed": "missed", "now": "now"}


def badge(parent: ET.Element, path: str, cx: float, cy: float, size: float, color: str,
          class_: str, *, ring: str | None = None) -> ET.Element:
    """A filled circle of diameter `size` in `color` with `path` stroked on it in black or white."""
    group = add(parent, "g", class_=class_)
    add(group, "circle", cx=cx, cy=cy, r=size / 2, fill=color, stroke=ring, stroke_width=1.5 if ring else None)
    scale = size * 0.62 / 24
    stroke = readable_on(color)
    add(group, "path", d=path, fill="none", stroke=stroke, stroke_width=2.6,
        stroke_linecap="round", stroke_linejoin="round",
        transform=f"translate({cx - 12 * scale:.2f} {cy - 12 * scale:.2f}) scale({scale:.4f})")
    return group


def kind_badge(parent: ET.Element, kind: str, cx: float, cy: float, size: float, color: str) -> ET.Element:
    """The kind's drawing in its colour (a dot for a kind without one)."""
    return badge(parent, KIND_PATHS.get(kind, MARK_PATHS["now"]), cx, cy, size, color, "icon")


def mark_badge(parent: ET.Element, mark: str, cx: float, cy: float, size: float, color: str) -> ET.Element:
    """done / skipped / overdue / missed / now as a small drawn badge."""
    element = badge(parent, MARK_PATHS[mark], cx, cy, size, color, f"mark {mark}")
    element.set("data-mark", mark)
    return element
