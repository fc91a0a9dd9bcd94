"""Where each task of the week goes on the page: sizes, lines per title, time-aligned rows, what is left out.

The week picture (core.export.week_svg) draws what this module decides. The
page is fixed (one landscape A4 sheet), so the layout gives way in steps
until the week fits, the most readable first:

1. time-aligned rows, titles on two lines: within each band every start
   time of the week has its own row, so Monday's 07:00 and Saturday's 07:00
   sit side by side even when a day has fewer tasks before them;
2. time-aligned rows, titles on one line;
3. each day's tasks packed one under the other (bands still aligned), one line;
4. packed, and the fullest cells cut to what fits, their last place saying
   "+N more" (the day headings and the legend still count every task).

Widths are measured with DejaVu Sans's advance widths (core.export.fontmetrics),
so a title wraps and ends in an ellipsis before it would leave its chip.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from smm_tui.core.export.fontmetrics import text_width, wrap
from smm_tui.core.export.svg import xml_text
from smm_tui.core.timeline import BAND_KEYS, Entry, Timeline

WIDTH = 1060
HEIGHT = 730
"""A4 landscape (297 x 210 mm) less 8 mm margins, at 96 px per inch: the picture fills one page."""
PAD = 12
HEADER_H = 50
DAY_HEAD_H = 42
LEGEND_H = 30
BAND_W = 70
GRID_X = PAD + BAND_W
COLUMN_W = (WIDTH - PAD - GRID_X) / 7
CELL_PAD = 3
BAND_GAP = 8
"""Room above and below a band's chips."""
GRID_H = HEIGHT - HEADER_H - DAY_HEAD_H - LEGEND_H - PAD
"""The height the bands share."""

SIZE = 8.0
LINE = 10.0
CHIP_TOP = 9.0
"""First baseline below the chip's top."""
CHIP_GAP = 2.0
STRIPE_W = 12.0
TIME_X = STRIPE_W + 3
TITLE_X = TIME_X + 29
MARK_SIZE = 8.5
MARK_GAP = 3.0
MORE_H = 11.0
MARKS = {"done": "✓", "skipped": "–", "overdue": "!", "missed": "✗", "now": "●"}


def chip_height(lines: int) -> float:
    return CHIP_TOP + LINE * (lines - 1) + 4


def mark_of(timeline: Timeline, entry: Entry, now: datetime) -> tuple[str, str | None]:
    """The state (`Timeline.state`, the one definition) and the mark drawn for it (running slots: "now")."""
    state = timeline.state(entry, now)
    if state != "open":
        return state, state
    return state, "now" if entry.is_current(now) else None


def title_lines(entry: Entry, mark: str | None, lines: int) -> list[str]:
    """The title wrapped to the room beside the time and the mark, in at most `lines` lines."""
    chip_w = COLUMN_W - 2 * CELL_PAD
    room = chip_w - TITLE_X - MARK_GAP - (text_width(MARKS[mark], MARK_SIZE, bold=True) + MARK_GAP if mark else 0)
    return wrap(xml_text(entry.title), room, SIZE, lines=lines)


class Layout:
    """The week laid out: per band its height, and per cell its chips (entry, title lines, top) and cut count.

    `aligned` and `lines` tell which step of the module docstring was taken.
    """

    def __init__(self, timelines: Sequence[Timeline], now: datetime) -> None:
        self.timelines = timelines
        self.now = now
        self.cells = {key: [[e for e in t.entries if e.band == key] for t in timelines] for key in BAND_KEYS}
        self._titles: dict[tuple[int, str, int], list[str]] = {}
        self.aligned = True
        self.lines = 2
        self.chips: dict[str, list[list[tuple[Entry, list[str], float]]]] = {}
        self.hidden: dict[str, list[int]] = {}
        self.heights: dict[str, float] = {}
        for aligned, lines in ((True, 2), (True, 1), (False, 1)):
            self._place(aligned, lines, None)
            if self.height <= GRID_H:
                return
        limits = {key: max((len(cell) for cell in self.cells[key]), default=0) for key in BAND_KEYS}
        while self.height > GRID_H and max(limits.values()) > 1:
            fullest = max(BAND_KEYS, key=lambda k: limits[k])
            limits[fullest] -= 1
            self._place(False, 1, limits)

    @property
    def height(self) -> float:
        return sum(self.heights.values())

    def _title(self, day: int, entry: Entry, lines: int) -> list[str]:
        key = (day, entry.id, lines)
        if key not in self._titles:
            self._titles[key] = title_lines(entry, mark_of(self.timelines[day], entry, self.now)[1], lines)
        return self._titles[key]

    def _place(self, aligned: bool, lines: int, limits: dict[str, int] | None) -> None:
        self.aligned, self.lines = aligned, lines
        for key in BAND_KEYS:
            cells = self.cells[key]
            shown: list[list[Entry]] = []
            hidden: list[int] = []
            for cell in cells:
                limit = len(cell) if limits is None or len(cell) <= limits[key] else max(0, limits[key] - 1)
                shown.append(cell[:limit])
                hidden.append(len(cell) - limit)
            rows = self._row_tops(shown, lines) if aligned else None
            placed: list[list[tuple[Entry, list[str], float]]] = []
            tallest = 0.0
            for day, entries in enumerate(shown):
                chips = []
                top = 0.0
                for entry in entries:
                    if rows is not None:
                        top = max(top, rows[entry.start])
                    title = self._title(day, entry, lines)
                    chips.append((entry, title, top))
                    top += chip_height(len(title)) + CHIP_GAP
                placed.append(chips)
                tallest = max(tallest, top + (MORE_H if hidden[day] else 0))
            self.chips[key] = placed
            self.hidden[key] = hidden
            self.heights[key] = max(tallest, MORE_H) + 2 * BAND_GAP

    def _row_tops(self, shown: list[list[Entry]], lines: int) -> dict[time, float]:
        """Each start time's row top in the band: as tall as the most chips starting then on any one day."""
        need: dict[time, float] = {}
        for day, entries in enumerate(shown):
            at: dict[time, float] = {}
            for entry in entries:
                at[entry.start] = at.get(entry.start, 0.0) + chip_height(len(self._title(day, entry, lines))) + CHIP_GAP
            for start, height in at.items():
                need[start] = max(need.get(start, 0.0), height)
        tops: dict[time, float] = {}
        top = 0.0
        for start in sorted(need):
            tops[start] = top
            top += need[start]
        return tops
