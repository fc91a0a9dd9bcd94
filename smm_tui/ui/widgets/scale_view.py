"""The day at true scale: one line per time step, tasks as blocks as tall as they last.

A Line-API widget (`ScrollView` + `render_line`), like the list: only the
lines on screen are rendered, and a rendered line is cached until the
layout, the width, the theme or the cursor's block changes. No widget per
task: a day of 300 tasks is one layout (`core.scale.layout`) and a few
dozen strips, so `j` redraws the rows of two blocks and `+` one screenful.

What a line shows, left to right: the wall time of the row (every row from
15-minute steps up, the quarter hours below that; the now row shows the
exact time), then the blocks that cover the row in their sub-columns (or
lanes), and in the free space the gap label ("45 min free"), the band's
name on its first row, and on the now row a rule. Bands alternate between
the plain and a shaded background. A block's first row carries its mark,
glyph and title, its second the time range and platforms; marks are the
list's (`[x]`, `[~]`, `[!]`, `[-]`, `[ ]`), so nothing depends on colour.

The cursor is a task id set by the day screen (one cursor for both views:
the list's); a click posts `Picked` and the screen moves that one cursor.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from functools import partial
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from smm_tui.core.kinds import DEFAULT_KIND_COLORS, GLYPHS, platform_label
from smm_tui.core.scale import DEFAULT_STEP, Block, GapLabel, Layout, layout
from smm_tui.core.text import printable
from smm_tui.core.timeline import MISSED, BandStarts, Entry, Timeline
from smm_tui.ui.widgets.kept_scrolls import KeptScrolls
from smm_tui.ui.widgets.painter import cells, fit, paint, short_minutes

GUTTER = 6
"""Cells of the time column ('09:15 ')."""
GAP = "gap"
"""`_fg`'s name for a gap label's style: the muted colour in italics (no component class of its own)."""


class ScaleView(ScrollView, can_focus=True, inherit_bindings=False):
    """The scaled day (and its platform lanes); inherits no bindings, the day screen has the keys."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "scale--shade", "scale--block", "scale--cursor", "scale--band", "scale--muted", "scale--done", "scale--alert",
    }
    """Few on purpose, like the list's: Textual matches each against the stylesheet whenever the widget's
    styles are updated (twice before the first frame, ~60 µs a class each time). As in the list, the now
    line is drawn in the alert style and a gap's label in the muted one, in italics (`_fg`)."""

    DEFAULT_CSS = """
    ScaleView { background: $surface; color: $foreground; }
    ScaleView > .scale--shade { background: $primary 8%; }
    ScaleView > .scale--block { background: $panel; }
    ScaleView > .scale--cursor { background: $primary 40%; }
    ScaleView > .scale--band { color: $primary; text-style: bold; }
    ScaleView > .scale--muted { color: $text-muted; }
    ScaleView > .scale--done { color: $success; text-style: bold; }
    ScaleView > .scale--alert { color: $error; text-style: bold; }
    """

    class Picked(Message):
        """A block was clicked (twice: `activate`, the screen shows its details)."""

        def __init__(self, task_id: str, activate: bool) -> None:
            self.task_id = task_id
            self.activate = activate
            super().__init__()

    step: reactive[int] = reactive(DEFAULT_STEP, repaint=False)
    """Minutes per row (core.scale.STEPS); changing it lays the day out again."""
    lanes: reactive[bool] = reactive(False, repaint=False)
    """One column per platform (see `lane_platforms`)."""
    cursor_id: reactive[str | None] = reactive(None, repaint=False)
    """The selected task (the day screen keeps it equal to the list's)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline: Timeline | None = None
        self.now: datetime | None = None
        self.shown_ids: Collection[str] | None = None
        self.bands: BandStarts | None = None
        self.lane_platforms: Sequence[str] | None = None
        """config's `lanes`; None: the platforms used that day."""
        self.message = "Loading…"
        self.layout_: Layout | None = None
        self._at_row: list[list[Block]] = []
        self._labels: dict[int, list[GapLabel]] = {}
        self._band_heads: dict[int, str] = {}
        self._shaded: list[bool] = []
        self._rows_of: dict[str, tuple[int, int]] = {}
        """Task id -> (first row, end row) over all its blocks."""
        self._cache: dict[int, Strip] = {}
        self._cache_width = -1
        self._now_row: int | None = None
        """While a row is drawn: its index when it is the now row."""
        self._styles: dict[str, Style] = {}
        self._scrolls = KeptScrolls(lambda: self.scrollable_content_region.height or self.size.height)
        """The scrolls last asked for, done again at each new size (widgets/kept_scrolls.py)."""
        self._lanes_at: tuple[tuple[int, int], list[tuple[int, int]]] = ((-1, 0), [])
        """`_columns`' last answer and its (width, lane count)."""

    # --- data ---------------------------------------------------------------------

    def show(self, timeline: Timeline | None, now: datetime | None, *, visible: Collection[str] | None = None,
             bands: BandStarts | None = None, message: str = "") -> None:
        """Lay out (a new version of) the day; `message` instead when there is none to show."""
        self.timeline, self.now, self.shown_ids, self.bands = timeline, now, visible, bands
        self.message = message
        self.relayout()

    def relayout(self) -> None:
        timeline = self.timeline
        if timeline is None or self.message:
            self.layout_ = None
            rows = 1
        else:
            lanes: Sequence[str] | bool = (list(self.lane_platforms) if self.lane_platforms else True) if self.lanes \
                else False
            self.layout_ = lay = layout(timeline, self.step, now=self.now if self._is_today() else None,
                                        bands=self.bands, visible=self.shown_ids, lanes=lanes)
            rows = len(lay.rows)
            self._at_row = [[] for _ in range(rows)]
            self._rows_of = {}
            for block in lay.blocks:
                for row in range(block.row, block.end_row):
                    self._at_row[row].append(block)
                first, end = self._rows_of.get(block.entry.id, (block.row, block.end_row))
                self._rows_of[block.entry.id] = (min(first, block.row), max(end, block.end_row))
            self._labels = {}
            for label in lay.gaps:
                self._labels.setdefault(label.row, []).append(label)
            self._band_heads = {s.row: s.label for s in lay.sections}
            self._shaded = [False] * rows
            for n, section in enumerate(lay.sections):
                for row in range(section.row, section.row + section.span):
                    self._shaded[row] = n % 2 == 1
        self._cache.clear()
        self.virtual_size = Size(self.virtual_size.width, rows + self.header_lines)
        self.refresh()

    def _is_today(self) -> bool:
        """The now row only on today's page (the day screen's rule for the list's now line)."""
        return self.now is not None and self.timeline is not None and self.timeline.date == self.now.date()

    @property
    def header_lines(self) -> int:
        """The lane names stay on the first line while the rows scroll."""
        return 1 if self.layout_ is not None and self.layout_.lanes else 0

    def watch_step(self) -> None:
        self.relayout()
        self.scroll_to_task(self.cursor_id)

    def watch_lanes(self) -> None:
        self.relayout()
        self.scroll_to_task(self.cursor_id)

    def watch_cursor_id(self, old: str | None, new: str | None) -> None:
        """Redraw only the rows of the two blocks involved (in every lane they are in)."""
        for task_id in (old, new):
            first, end = self._rows_of.get(task_id, (0, 0)) if task_id else (0, 0)
            for row in range(first, end):
                self._cache.pop(row, None)
            if end > first:
                self.refresh_lines(first + self.header_lines, end - first)

    # --- scrolling ------------------------------------------------------------------

    def _view_height(self) -> int:
        return max(1, (self.scrollable_content_region.height or self.size.height) - self.header_lines)

    def scroll_to_task(self, task_id: str | None) -> None:
        """Bring a task's first row into view (its whole block when it fits)."""
        if task_id is None or task_id not in self._rows_of:
            return
        if self._scrolls.keep(partial(self.scroll_to_task, task_id)):
            return
        first, end = self._rows_of[task_id]
        top, height = round(self.scroll_offset.y), self._view_height()
        # force=True in every scroll here, as in the list (widgets/timeline.py, scroll_to_row).
        if first < top:
            self.scroll_to(y=first, animate=False, force=True)
        elif end > top + height:
            self.scroll_to(y=max(first - max(0, height - (end - first)), first - height + 1, 0), animate=False, force=True)

    def scroll_to_row(self, row: int, *, center: bool = False) -> None:
        if self._scrolls.keep(partial(self.scroll_to_row, row, center=center)):
            return
        height = self._view_height()
        top = round(self.scroll_offset.y)
        if center or row < top or row >= top + height:
            self.scroll_to(y=max(0, row - height // 2), animate=False, force=True)

    def a_page_away(self, direction: int) -> str | None:
        """The task about one screen of rows below (1) or above (-1) the cursor's: pageup/pagedown."""
        lay = self.layout_
        if lay is None or not lay.blocks:
            return None
        here = self._rows_of.get(self.cursor_id, (0, 0))[0] if self.cursor_id else 0
        goal = here + direction * max(1, self._view_height() - 1)
        starts = sorted({(first, task_id) for task_id, (first, _end) in self._rows_of.items()})
        if direction > 0:
            ahead = [s for s in starts if here < s[0] <= goal] or [s for s in starts if s[0] > here][:1]
            return ahead[-1][1] if ahead else None
        behind = [s for s in starts if goal <= s[0] < here] or [s for s in starts if s[0] < here][-1:]
        return behind[0][1] if behind else None

    def scroll_to_now(self) -> None:
        if self._scrolls.keep(self.scroll_to_now):
            return
        lay = self.layout_
        if lay is not None and lay.now_row is not None:
            self.scroll_to_row(lay.now_row, center=True)
        else:
            self.scroll_to_task(self.cursor_id)

    # --- input ------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.header_lines:
            return
        row = offset.y - self.header_lines + round(self.scroll_offset.y)
        width = self.scrollable_content_region.width or self.size.width
        for block, x0, x1 in self._placed(row, width):
            if x0 <= offset.x < x1:
                self.post_message(self.Picked(block.entry.id, event.chain >= 2))
                return

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    def on_resize(self) -> None:
        self._cache.clear()
        self._scrolls.resized()

    # --- rendering ----------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            base = self._styles.get("")
            if base is None:
                base = self._styles[""] = self.rich_style
            style = base if not name else base + self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def _on(self, under: str, over: str = "") -> Style:
        """A component's background (`under`, '' the widget's) with the colour of another component or of a
        kind (`over`: a class name, GAP or 'kind:<kind>'); cached, as rendering asks for the same few again and again."""
        key = f"{under}|{over}"
        style = self._styles.get(key)
        if style is None:
            style = self._style(under)
            if over.startswith("kind:"):
                style = style + Style(color=self._kind_style(over[5:]).color)
            elif over:
                style = style + self._fg(over)
            self._styles[key] = style
        return style

    def _fg(self, name: str) -> Style:
        """A component style's (or GAP's) colour and text style, without its background (drawn over others)."""
        key = f"fg:{name}"
        style = self._styles.get(key)
        if style is None:
            if name == GAP:
                style = self._styles[key] = self._fg("scale--muted") + Style(italic=True)
            else:
                full = self.get_component_rich_style(name)
                style = self._styles[key] = Style(color=full.color, bold=full.bold, italic=full.italic)
        return style

    def _kind_style(self, kind: str) -> Style:
        key = f"kind-{kind}"
        style = self._styles.get(key)
        if style is None:
            value = self.app.theme_variables.get(key) or DEFAULT_KIND_COLORS.get(kind, "")
            try:
                colour = Style(color=Color.parse(value).rich_color, bold=True)
            except Exception:  # noqa: BLE001 - a theme value Textual accepted but we cannot read
                colour = Style(bold=True)
            style = self._styles[key] = self._style("") + colour
        return style

    def _columns(self, width: int) -> list[tuple[int, int]]:
        """Each lane's cells [x0, x1) (one lane: the whole width after the gutter); kept (each row asks twice)."""
        lay = self.layout_
        count = len(lay.lanes) if lay is not None and lay.lanes else 1
        if self._lanes_at[0] != (width, count):
            room = max(0, width - GUTTER)
            self._lanes_at = ((width, count),
                              [(GUTTER + room * n // count, GUTTER + room * (n + 1) // count) for n in range(count)])
        return self._lanes_at[1]

    def _placed(self, row: int, width: int) -> list[tuple[Block, int, int]]:
        """The blocks on a row with their cells [x0, x1), left to right."""
        if not 0 <= row < len(self._at_row):
            return []
        lanes = self._columns(width)
        out = []
        for block in self._at_row[row]:
            x0, x1 = lanes[block.lane]
            if block.lane:
                x0 += 1  # the lane's rule
            room = x1 - x0
            left, right = x0 + room * block.column // block.columns, x0 + room * (block.column + 1) // block.columns
            if block.columns > 1 and right - left > 2 and block.column < block.columns - 1:
                right -= 1  # one cell between side-by-side blocks
            out.append((block, left, right))
        out.sort(key=lambda placed: placed[1])
        return out

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        if y < self.header_lines:
            return self._header(width)
        lay = self.layout_
        if lay is None:
            text = fit(f"   {self.message}", width) if y == 0 else ""
            return paint([(0, text, self._style("scale--muted"))], width, self._style(""))
        index = y - self.header_lines + round(self.scroll_offset.y)
        if not 0 <= index < len(lay.rows):
            return Strip.blank(width, self._style(""))
        strip = self._cache.get(index)
        if strip is None:
            strip = self._cache[index] = self._row(index, width)
        return strip

    def _header(self, width: int) -> Strip:
        lay = self.layout_
        assert lay is not None
        parts = []
        for lane, (x0, x1) in zip(lay.lanes, self._columns(width), strict=True):
            name = printable(platform_label(lane.key)) if lane.key else lane.label
            parts.append((x0 + 1, fit(name, x1 - x0 - 1), self._style("scale--band")))
        return paint(parts, width, self._style(""))

    def _row(self, index: int, width: int) -> Strip:
        lay = self.layout_
        assert lay is not None
        row = lay.rows[index]
        shade = "scale--shade" if self._shaded[index] else ""
        fill = self._style(shade)
        is_now = index == lay.now_row and self.now is not None
        self._now_row = lay.now_row if is_now else None
        parts: list[tuple[int, str, Style]] = []
        if is_now:
            parts.append((0, self._wall_now(), self._on(shade, "scale--alert") + Style(reverse=True)))
        elif lay.step >= 15 or row.wall.minute % 15 == 0 or index == 0:
            wall = row.wall
            parts.append((0, f"{wall.hour:02d}:{wall.minute:02d}", fill if not wall.minute else
                          self._on(shade, "scale--muted")))
        placed = self._placed(index, width)
        cursor = self.cursor_id
        free: list[tuple[int, int]] = []
        x = GUTTER
        for block, x0, x1 in placed:
            if x0 > x:
                free.append((x, x0))
            parts.extend(self._block_cells(block, index, x0, x1, cursor))
            x = max(x, x1)
        if x < width:
            free.append((x, width))
        lanes = self._columns(width)
        for lane_index, (lx0, _lx1) in enumerate(lanes):
            if lane_index and lay.lanes and not any(x0 <= lx0 < x1 for _, x0, x1 in placed):
                parts.append((lx0, "│", self._on(shade, "scale--muted")))
        extras = []
        for label in self._labels.get(index, ()):
            lx0, lx1 = lanes[label.lane]
            x0 = lx0 + (2 if label.lane else 1)
            text = f"· {label.text}" if cells(label.text) + 2 <= lx1 - x0 else short_minutes(label.gap.minutes)
            extras.append((x0, lx1, text, GAP))
        if index in self._band_heads and not lay.lanes:  # in lanes the shading alone marks the bands
            head = self._band_heads[index].upper()
            extras.append((width - cells(head) - 1, width, head, "scale--band"))
        for x0, x1, text, style in extras:
            space = next(((a, b) for a, b in free if a <= x0 < b), None)
            if space is not None:
                parts.append((x0, fit(text, min(x1, space[1]) - x0), self._on(shade, style)))
        if is_now:
            now_style = self._on(shade, "scale--alert")
            for a, b in free:
                parts.append((max(a, GUTTER), "─" * (b - max(a, GUTTER)), now_style))
        return paint(parts, width, fill)

    def _wall_now(self) -> str:
        assert self.now is not None and self.timeline is not None
        return self.now.astimezone(self.timeline.wall_zone()).strftime("%H:%M")

    def _block_cells(self, block: Block, index: int, x0: int, x1: int,
                     cursor: str | None) -> list[tuple[int, str, Style]]:
        entry = block.entry
        room = x1 - x0
        if room <= 0:
            return []
        under = "scale--cursor" if entry.id == cursor else "scale--block"
        back = self._style(under)
        kind = f"kind:{entry.kind}"
        parts = [(x0, " " * room, back), (x0, "▌", self._on(under, kind))]
        text_style = self._on(under, "scale--muted") if entry.status != "todo" else back
        if index == block.row:
            mark, mark_class = self._mark(entry)
            mark_style = self._on(under, mark_class)
            glyph, glyph_style = GLYPHS.get(entry.kind, "•"), self._on(under, kind)
            head = f"{entry.start.hour:02d}:{entry.start.minute:02d} " if room >= 30 else ""
            rest = room - 1
            if room < 14:  # narrow: the title matters most; the state replaces the glyph unless open
                pieces = [((glyph if mark == "[ ]" else mark[1]) + " ", glyph_style if mark == "[ ]" else mark_style),
                          (printable(entry.title), text_style)]
            else:
                pieces = [(head, back), (mark + " ", mark_style), (glyph + " ", glyph_style),
                          (printable(entry.title), text_style)]
            x = x0 + 1
            for piece, style in pieces:
                text = fit(piece, rest)
                if text:
                    parts.append((x, text, style))
                    used = cells(text)
                    x, rest = x + used, rest - used
        elif index == block.row + 1:
            when = f"{entry.start.hour:02d}:{entry.start.minute:02d}–{entry.end.hour:02d}:{entry.end.minute:02d}"
            platforms = " · ".join(printable(platform_label(p)) for p in entry.platforms)
            parts.append((x0 + 1, fit(f" {when}" + (f"  {platforms}" if platforms else ""), room - 1),
                          self._on(under, "scale--muted")))
        elif index == self._now_row:
            parts.append((x0 + 1, "─" * (room - 1), self._on(under, "scale--alert")))
        return parts

    def _mark(self, entry: Entry) -> tuple[str, str]:
        """The list's mark and the component class it is drawn in ('' for the block's own colour)."""
        now = self.now
        if entry.status == "done":
            return "[x]", "scale--done"
        if entry.status == "skipped":
            return "[~]", "scale--muted"
        if now is not None and entry.is_overdue(now):
            if self.timeline is not None and self.timeline.state(entry, now) == MISSED:
                return "[-]", "scale--muted"
            return "[!]", "scale--alert"
        return "[ ]", ""
