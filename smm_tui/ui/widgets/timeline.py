"""The day as a vertical timeline: band headings, slots, and the "now" line.

A Line-API widget (`ScrollView` + `render_line`): only the lines on screen
are ever rendered, so a day of 300 slots (a 5-minute cadence) scrolls and
moves the cursor as fast as a day of 20. Rows are plain data rebuilt when the
day, the filter or the clock changes; rendered lines are cached per row and
width and dropped when the theme, the size or the row changes.

A reminded slot flashes (`flash`): its row is shown reversed and normal a
few times on a short interval that stops by itself (`flash_step` is what the
interval calls; tests call it directly).

Colours come only from component classes whose CSS uses theme variables
(`$kind-reply`, `$error`, ...). Marks are the same as `smm-tui today`:
`[x]` done, `[~]` skipped, `[!]` overdue (today, still doable), `[-]` missed
(open on a day that is over; `Timeline.state`), `[ ]` open; kinds also differ by
glyph, so nothing depends on colour alone. Titles pass through
`core.text.printable` and are drawn as plain segments (never parsed as markup).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from smm_tui.core.kinds import DEFAULT_KIND_COLORS, GLYPHS, platform_label
from smm_tui.core.text import printable
from smm_tui.core.timeline import MISSED, Entry, Timeline
from smm_tui.ui.widgets.kept_scrolls import KeptScrolls
from smm_tui.ui.widgets.rows import Row, build_rows

__all__ = ["Row", "TimelineView", "build_rows"]

WIDE = 100
"""From this width on, rows show the end time and full platform labels."""


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis when it does not fit."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


class TimelineView(ScrollView, can_focus=True, inherit_bindings=False):
    """Scrollable, cursor-driven timeline of one day.

    Inherits no key bindings: the scroll keys of ScrollView would shadow the day screen's
    cursor keys (which scroll as the cursor moves).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--band", "timeline--muted", "timeline--alert", "timeline--done",
        "timeline--current", "timeline--cursor", "timeline--cursor-blurred",
    }
    """Few on purpose: each component class is matched against the stylesheet at start-up.
    Text without a class uses the widget's own colours; kind colours are the theme's
    `kind-<kind>` variables, read directly (`_kind_style`)."""

    DEFAULT_CSS = """
    TimelineView { background: $surface; color: $foreground; }
    TimelineView > .timeline--band { color: $primary; text-style: bold; }
    TimelineView > .timeline--muted { color: $text-muted; }
    TimelineView > .timeline--alert { color: $error; text-style: bold; }
    TimelineView > .timeline--done { color: $success; text-style: bold; }
    TimelineView > .timeline--current { background: $warning 18%; }
    TimelineView > .timeline--cursor { background: $primary 30%; }
    TimelineView > .timeline--cursor-blurred { background: $primary 12%; }
    """

    FLASH_STEPS = 6
    """A flash is this many half-periods: lit, plain, lit, ... then it ends by itself."""
    FLASH_PERIOD = 0.4
    """Seconds per half-period (about 2.4 s in all)."""

    class Highlighted(Message):
        """The cursor moved to another slot (or to none)."""

        def __init__(self, entry: Entry | None) -> None:
            self.entry = entry
            super().__init__()

    class Activated(Message):
        """A slot was chosen with Enter or a double click (the screen shows its details)."""

        def __init__(self, entry: Entry) -> None:
            self.entry = entry
            super().__init__()

    cursor_id: reactive[str | None] = reactive(None, repaint=False)
    """Id of the selected task; survives reloads, filtering and outside edits.

    Set it (or call `select`, which also scrolls) to move the cursor: the
    watcher redraws the two rows involved and posts `Highlighted`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = [Row("message", "Loading…")]
        self.now: datetime | None = None
        self.timeline: Timeline | None = None
        self.current_id: str | None = None
        self._id_at: dict[int, str] = {}
        """Row index -> task id, for the rows that show a task, top to bottom."""
        self._entry_rows: list[int] = []
        self._row_of: dict[str, int] = {}
        self._cache: dict[int, Strip] = {}
        self._cache_width = -1
        self._kind_styles: dict[str, Style] = {}
        self._styles: dict[str, Style] = {}
        self._flashing: dict[str, int] = {}
        """Task id -> half-periods left (even: lit)."""
        self._flash_timer: Timer | None = None
        self._scrolls = KeptScrolls(lambda: self.scrollable_content_region.height or self.size.height)
        """The scrolls last asked for, done again at each new size (widgets/kept_scrolls.py)."""

    # --- data -----------------------------------------------------------------

    def set_rows(self, rows: list[Row], now: datetime, current_id: str | None,
                 timeline: Timeline | None = None) -> None:
        """Replace what is shown; keeps the cursor on the same task when it is still there.

        `timeline` is the day the rows come from: it tells an overdue slot from a missed one.
        """
        self.rows = rows
        self.timeline = timeline
        self.now = now
        self.current_id = current_id
        self._id_at = {i: row.entry.id for i, row in enumerate(rows) if row.kind == "entry" and row.entry is not None}
        self._entry_rows = list(self._id_at)
        self._row_of = {task_id: i for i, task_id in self._id_at.items()}
        self._cache.clear()
        self.virtual_size = Size(self.virtual_size.width, len(rows))
        if self.cursor_id not in self._row_of:
            self.cursor_id = self._id_at[self._entry_rows[0]] if self._entry_rows else None
        self.refresh()

    @property
    def selected(self) -> Entry | None:
        row = self._row_of.get(self.cursor_id) if self.cursor_id else None
        return self.rows[row].entry if row is not None else None

    @property
    def entry_ids(self) -> list[str]:
        """Ids of the visible slots, top to bottom."""
        return list(self._id_at.values())

    def row_of(self, task_id: str) -> int | None:
        return self._row_of.get(task_id)

    # --- cursor -----------------------------------------------------------------

    def select(self, task_id: str | None, *, scroll: bool = True) -> None:
        """Put the cursor on a task (by id); redraws only the two rows involved."""
        if task_id is not None and task_id not in self._row_of:
            return
        self.cursor_id = task_id
        if scroll and task_id is not None:
            self.scroll_to_row(self._row_of[task_id])

    def watch_cursor_id(self, old: str | None, new: str | None) -> None:
        """Redraw the rows the cursor left and entered, and tell the screen."""
        for task_id in (old, new):
            row = self._row_of.get(task_id) if task_id else None
            if row is not None:
                self._cache.pop(row, None)
                self.refresh_line(row)
        self.post_message(self.Highlighted(self.selected))

    def move(self, delta: int) -> None:
        if not self._entry_rows:
            return
        ids = self.entry_ids
        index = ids.index(self.cursor_id) if self.cursor_id in ids else 0
        self.select(ids[max(0, min(len(ids) - 1, index + delta))])

    def first(self) -> None:
        if self._entry_rows:
            self.select(self.entry_ids[0])
            self.scroll_to(y=0, animate=False, force=True)

    def last(self) -> None:
        if self._entry_rows:
            self.select(self.entry_ids[-1])

    def page(self, direction: int) -> None:
        """Move the cursor about one screen of lines (to the nearest slot in that direction)."""
        if not self._entry_rows:
            return
        here = self._row_of.get(self.cursor_id, self._entry_rows[0]) if self.cursor_id else self._entry_rows[0]
        goal = here + direction * max(1, (self.scrollable_content_region.height or self.size.height) - 1)
        if direction > 0:
            rows = [r for r in self._entry_rows if r <= goal] or self._entry_rows[:1]
            row = rows[-1]
        else:
            rows = [r for r in self._entry_rows if r >= goal] or self._entry_rows[-1:]
            row = rows[0]
        self.select(self._id_at[row])

    def scroll_to_row(self, row: int, *, center: bool = False) -> None:
        """Make `row` visible (or centre it), without animation; once the list has a height (`KeptScrolls`)."""
        if self._scrolls.keep(partial(self.scroll_to_row, row, center=center)):
            return
        height = self.scrollable_content_region.height or self.size.height
        top = round(self.scroll_offset.y)
        # force=True in every scroll here: Textual scrolls a view only while its scrollbar shows, which
        # it works out at the next layout, so a scroll right after new rows (a day loaded into a list
        # of one "Loading…" line) was dropped and the list stayed at its top.
        if center:
            self.scroll_to(y=max(0, row - height // 2), animate=False, force=True)
        elif row < top:
            self.scroll_to(y=row, animate=False, force=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, force=True)

    def scroll_to_now(self) -> None:
        """Bring the now line (or the cursor, on other days) to the middle of the view."""
        if self._scrolls.keep(self.scroll_to_now):
            return
        for index, row in enumerate(self.rows):
            if row.kind == "now":
                self.scroll_to_row(index, center=True)
                return
        if self.cursor_id in self._row_of:
            self.scroll_to_row(self._row_of[self.cursor_id], center=True)

    # --- flashing a reminded slot ---------------------------------------------------

    def flash(self, task_id: str) -> None:
        """Flash a slot's row a few times (a reminder for it was just shown); ends by itself."""
        self._flashing[task_id] = self.FLASH_STEPS
        self.refresh_row_of(task_id)
        if self._flash_timer is None:
            self._flash_timer = self.set_interval(self.FLASH_PERIOD, self.flash_step, name="flash")

    def flash_step(self) -> None:
        """One half-period of every flash; the interval stops once no flash is left."""
        for task_id in list(self._flashing):
            left = self._flashing[task_id] - 1
            if left <= 0:
                del self._flashing[task_id]
            else:
                self._flashing[task_id] = left
            self.refresh_row_of(task_id)
        if not self._flashing and self._flash_timer is not None:
            self._flash_timer.stop()
            self._flash_timer = None

    @property
    def flashing(self) -> set[str]:
        """Ids of the slots flashing now (lit or between two lit half-periods)."""
        return set(self._flashing)

    def is_lit(self, task_id: str) -> bool:
        left = self._flashing.get(task_id)
        return left is not None and left % 2 == 0

    # --- input ------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_offset.y)
        if 0 <= row < len(self.rows) and self.rows[row].kind == "entry":
            entry = self.rows[row].entry
            assert entry is not None
            self.select(entry.id, scroll=False)
            if event.chain >= 2:
                self.post_message(self.Activated(entry))

    def on_focus(self) -> None:
        self._redraw_cursor()

    def on_blur(self) -> None:
        self._redraw_cursor()

    def _redraw_cursor(self) -> None:
        row = self._row_of.get(self.cursor_id) if self.cursor_id else None
        if row is not None:
            self._cache.pop(row, None)
            self.refresh_line(row)

    def notify_style_update(self) -> None:
        """Theme changed: component styles differ, every cached line is stale."""
        super().notify_style_update()
        self._cache.clear()
        self._kind_styles.clear()
        self._styles.clear()

    def on_resize(self) -> None:
        self._cache.clear()
        self._scrolls.resized()

    # --- rendering ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        index = y + round(scroll_y)
        width = self.scrollable_content_region.width or self.size.width
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, self._base_style())
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_row(self.rows[index], width)
            self._cache[index] = strip
        return strip

    def _base_style(self) -> Style:
        """The widget's own style, cached like the component styles (cleared on any style update).

        `rich_style` walks every ancestor's styles on each call; rendering a line needs
        it several times, and the first frame renders a screenful of lines.
        """
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _style(self, name: str) -> Style:
        """A component style already combined with the widget's own (cached per theme)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self._base_style() + self.get_component_rich_style(name)
        return style

    def _kind_style(self, kind: str) -> Style:
        """The colour of a kind from the current theme's `kind-<kind>` variable."""
        style = self._kind_styles.get(kind)
        if style is None:
            value = self.app.theme_variables.get(f"kind-{kind}") or DEFAULT_KIND_COLORS.get(kind, "")
            try:
                style = Style(color=Color.parse(value).rich_color, bold=True)
            except Exception:  # noqa: BLE001 - a theme value Textual accepted but we cannot read
                style = Style(bold=True)
            self._kind_styles[kind] = style = self._base_style() + style
        return style

    def _render_row(self, row: Row, width: int) -> Strip:
        """One line, exactly `width` cells wide (parts are measured as they are built)."""
        parts: list[tuple[str, Style]]
        if row.kind == "entry":
            assert row.entry is not None
            return self._render_entry(row.entry, width)
        if row.kind == "band":
            label = f" {row.text.upper()} "
            count = f" {row.extra} done " if row.extra else ""
            band, muted = self._style("timeline--band"), self._style("timeline--muted")
            rule = "─" * max(0, width - cell_len(label) - cell_len(count) - 1)
            parts = [("─", band), (label, band), (rule, muted), (count, muted)]
        elif row.kind == "now":
            parts = [(f" ──{row.text}" + "─" * max(0, width - cell_len(row.text) - 3), self._style("timeline--alert"))]
        elif row.kind == "message":
            parts = [(_fit(f"   {row.text}", width), self._style("timeline--muted") + Style(italic=True))]
        else:
            parts = []
        return self._strip(parts, width, self._base_style())

    @staticmethod
    def _strip(parts: list[tuple[str, Style]], width: int, fill: Style) -> Strip:
        segments = []
        used = 0
        for text, style in parts:
            if text:
                segments.append(Segment(text, style))
                used += cell_len(text)
        if used < width:
            segments.append(Segment(" " * (width - used), fill))
            used = width
        strip = Strip(segments, used)
        return strip if used == width else strip.crop(0, width)

    def _render_entry(self, entry: Entry, width: int) -> Strip:
        overlay: Style | None = None
        if entry.id == self.cursor_id:
            overlay = self.get_component_rich_style("timeline--cursor" if self.has_focus else "timeline--cursor-blurred")
        elif entry.id == self.current_id:
            overlay = self.get_component_rich_style("timeline--current")
        background = Style(bgcolor=overlay.bgcolor) if overlay is not None and overlay.bgcolor else None
        if self._flashing and self.is_lit(entry.id):
            background = (background or Style()) + Style(reverse=True)

        def styled(style: Style) -> Style:
            return style + background if background is not None else style

        base = self._base_style()
        plain = styled(base)
        now = self.now
        if entry.status == "done":
            mark, mark_style = "[x]", self._style("timeline--done")
        elif entry.status == "skipped":
            mark, mark_style = "[~]", self._style("timeline--muted")
        elif now is not None and entry.is_overdue(now):
            if self.timeline is not None and self.timeline.state(entry, now) == MISSED:  # a record, not an alarm
                mark, mark_style = "[-]", self._style("timeline--muted")
            else:
                mark, mark_style = "[!]", self._style("timeline--alert")
        else:
            mark, mark_style = "[ ]", base
        current = entry.id == self.current_id
        wide = width >= WIDE
        when = f"{entry.start.hour:02d}:{entry.start.minute:02d}"
        if wide:
            when += f"–{entry.end.hour:02d}:{entry.end.minute:02d}" if entry.minutes else "      "
        glyph = GLYPHS.get(entry.kind, "•")
        separator = " · " if wide else "·"
        platforms = separator.join(printable(platform_label(p)) for p in entry.platforms)
        room = width - (len(when) + 8 + cell_len(glyph))  # pointer, time, spaces, mark, glyph, right margin
        title = printable(entry.title)
        title_cells, platform_cells = cell_len(title), cell_len(platforms)
        if platforms and title_cells + 2 + platform_cells > room:
            # Not enough room for both: the title keeps at least three quarters of it.
            budget = max(room // 4, room - title_cells - 2)
            platforms = _fit(platforms, max(0, min(platform_cells, budget)))
            platform_cells = cell_len(platforms)
        title = _fit(title, room - (platform_cells + 2 if platforms else 0))
        gap = max(1, room - cell_len(title) - platform_cells)
        parts = [
            ("▶" if current else " ", styled(self._style("timeline--alert"))),
            (when, styled(base + Style(bold=True, reverse=True)) if current else plain),
            (" ", plain),
            (mark, styled(mark_style)),
            (" ", plain),
            (glyph, styled(self._kind_style(entry.kind))),
            (" ", plain),
            (title, styled(self._style("timeline--muted")) if entry.status != "todo" else plain),
            (" " * gap, plain),
            (platforms, styled(self._style("timeline--muted"))),
        ]
        return self._strip(parts, width, plain)

    def refresh_row_of(self, task_id: str) -> None:
        row = self._row_of.get(task_id)
        if row is not None:
            self._cache.pop(row, None)
            self.refresh(Region(0, row - round(self.scroll_offset.y), self.size.width, 1))
