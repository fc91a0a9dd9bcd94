"""The week as a grid of compact day timelines, drawn with the Line API.

One `ScrollView` with `render_line`: no widget per slot, so a week of seven
busy days (300 slots) moves its cursor as fast as one of seven quiet ones.
Three layouts by width, chosen again on every resize:

- seven columns (from `SEVEN_DAYS` cells on): the whole week;
- three columns (from `THREE_DAYS`): the selected day and its neighbours;
- an agenda list (narrower): day headings, each followed by its slots.

In the column layouts the first two lines (day names, then counts or
"routine") stay put while the slots scroll; rows are time-aligned across the
days (widgets/week_rows.py). Marks are the day view's (`Timeline.state` via
`core.agenda.MARKS`): `[x]` done, `[~]` skipped, `[!]` overdue, `[-]` missed,
`[ ]` open. Data comes down as attributes (`show`); the cursor is a reactive
`(column, task id)` whose watcher repaints and posts `Highlighted`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from smm_tui.core.agenda import MARKS
from smm_tui.core.kinds import DEFAULT_KIND_COLORS, GLYPHS
from smm_tui.core.text import printable
from smm_tui.core.timeline import DONE, OPEN, OVERDUE, Entry, Timeline
from smm_tui.ui.widgets.week_rows import Column, WeekRow, build_week_rows

__all__ = ["Column", "WeekGrid"]

SEVEN_DAYS = 100
"""From this width on all seven days are shown side by side."""
THREE_DAYS = 60
"""From this width on three days (the selected one in the middle); narrower: the agenda list."""
GUTTER = 6
"""The time column on the left ("07:00 ")."""
HEADER = 2
"""Lines of day headings kept on top in the column layouts."""

Cursor = tuple[int, str | None]


def _fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - size)


class WeekGrid(ScrollView, can_focus=True, inherit_bindings=False):
    """The week's grid; the week screen's keys move its cursor (see screens/week.py)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "week--band", "week--muted", "week--alert", "week--done", "week--current",
        "week--cursor", "week--heading", "week--today",
    }

    DEFAULT_CSS = """
    WeekGrid { background: $surface; color: $foreground; }
    WeekGrid > .week--band { color: $primary; text-style: bold; }
    WeekGrid > .week--muted { color: $text-muted; }
    WeekGrid > .week--alert { color: $error; text-style: bold; }
    WeekGrid > .week--done { color: $success; text-style: bold; }
    WeekGrid > .week--current { background: $warning 18%; }
    WeekGrid > .week--cursor { background: $primary 30%; }
    WeekGrid > .week--heading { text-style: bold; }
    WeekGrid > .week--today { color: $accent; text-style: bold reverse; }
    """


    class Highlighted(Message):
        """The cursor moved (to another slot, or to a day without one)."""

        def __init__(self, day: date, entry: Entry | None) -> None:
            self.day = day
            self.entry = entry
            super().__init__()

    class Edge(Message):
        """The cursor was pushed past the first (-1) or last (+1) day: the screen turns the week."""

        def __init__(self, direction: int) -> None:
            self.direction = direction
            super().__init__()

    cursor: reactive[Cursor] = reactive((0, None), repaint=False, always_update=True)
    """(column, task id) of the selection; a task id of None: a day with no slot selected."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.now: datetime | None = None
        self._rows: list[WeekRow] = []
        self._rows_for: tuple[int, ...] = ()
        """The columns `_rows` were built from (the visible ones: three days make their own lines)."""
        self._agenda: list[tuple[int, Entry | None]] = []
        self._cache: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._layouts: dict[tuple[int, int, int], list[tuple[int, int]]] = {}  # `_layout`'s, see there
        self.focus_coming = False
        """Drawn as focused before it is: the week screen focuses it right after its first frame."""

    # --- data -----------------------------------------------------------------

    def show(self, columns: Sequence[Column], now: datetime, cursor: Cursor | None = None) -> None:
        """Show (a new version of) the week; the cursor stays on its task when it is still there."""
        self.columns = list(columns)
        self.now = now
        self._rows_for = ()
        self._agenda = []
        for index, shown in enumerate(self.columns):
            self._agenda.append((index, None))
            if shown.timeline is not None:
                self._agenda.extend((index, entry) for entry in shown.timeline.entries)
        column, task_id = cursor if cursor is not None else self.cursor
        column = max(0, min(len(self.columns) - 1, column))
        if task_id is None or task_id not in self._ids(column):
            task_id = self._default_id(column)
        self.cursor = (column, task_id)  # the watcher builds the lines (`_rows_for` was reset)

    @property
    def mode(self) -> str:
        """'week' (seven columns), 'three' or 'agenda', by the width."""
        width = self.size.width
        if width >= SEVEN_DAYS:
            return "week"
        return "three" if width >= THREE_DAYS else "agenda"

    @property
    def day(self) -> date | None:
        """The selected day."""
        return self.columns[self.cursor[0]].day if self.columns else None

    @property
    def selected(self) -> Entry | None:
        column, task_id = self.cursor
        if not self.columns or task_id is None:
            return None
        timeline = self.columns[column].timeline
        return timeline.entry(task_id) if timeline is not None else None

    def visible_columns(self) -> list[int]:
        """The columns on screen in the column layouts (all seven, or three around the cursor)."""
        count = len(self.columns)
        if self.mode == "week" or count <= 3:
            return list(range(count))
        first = max(0, min(count - 3, self.cursor[0] - 1))
        return [first, first + 1, first + 2]

    # --- cursor ---------------------------------------------------------------------

    def _ids(self, column: int) -> list[str]:
        """The day's slots top to bottom (by time, then kind: the order of the week's lines)."""
        timeline = self.columns[column].timeline if self.columns else None
        if timeline is None:
            return []
        if self.mode == "agenda":
            return [e.id for e in timeline.entries]
        return [e.id for e in sorted(timeline.entries, key=lambda e: (e.start, e.kind))]

    def _sync_rows(self) -> None:
        """Build the lines again when other columns came into view (three days: their lines only)."""
        visible = tuple(self.visible_columns())
        if visible != self._rows_for:
            self._rows_for = visible
            self._rows = build_week_rows([c.timeline if i in visible else None for i, c in enumerate(self.columns)],
                                         self.now)
            self._relayout()

    def _default_id(self, column: int) -> str | None:
        """Where the cursor lands on a day: today's running slot, else its next one; another day's first."""
        ids = self._ids(column)
        timeline, now = self.columns[column].timeline, self.now
        if timeline is not None and now is not None and timeline.date == now.date():
            target = timeline.current(now) or next((e for e in timeline.entries if e.starts_at > now), None)
            if target is not None and target.id in ids:
                return target.id
        return ids[0] if ids else None

    def _row_of(self, column: int, task_id: str | None) -> int | None:
        """The body line showing the task (or the day's heading in the agenda when task_id is None)."""
        if self.mode == "agenda":
            for index, (col, entry) in enumerate(self._agenda):
                if col == column and (entry.id if entry is not None else None) == task_id:
                    return index
            return None
        if task_id is None:
            return None
        for index, row in enumerate(self._rows):
            if row.kind == "slot" and (cell := row.cells[column]) is not None and cell.id == task_id:
                return index
        return None

    def move(self, delta: int) -> None:
        """Up (-1) or down (+1) a slot: within the day's column, or along the agenda across days."""
        if not self.columns:
            return
        column, task_id = self.cursor
        if self.mode == "agenda":
            here = self._row_of(column, task_id) or 0
            slots = [i for i, (_c, e) in enumerate(self._agenda) if e is not None]
            ahead = [i for i in slots if (i > here if delta > 0 else i < here)]
            if ahead:
                target_col, entry = self._agenda[ahead[0] if delta > 0 else ahead[-1]]
                self.cursor = (target_col, entry.id if entry is not None else None)
            return
        ids = self._ids(column)
        if not ids:
            return
        index = ids.index(task_id) if task_id in ids else (-1 if delta > 0 else len(ids))
        self.cursor = (column, ids[max(0, min(len(ids) - 1, index + delta))])

    def step_day(self, delta: int) -> None:
        """Left (-1) or right (+1) a day, onto the slot nearest in time; past the edge: `Edge`."""
        if not self.columns:
            return
        target = self.cursor[0] + delta
        if not 0 <= target < len(self.columns):
            self.post_message(self.Edge(delta))
            return
        timeline, here = self.columns[target].timeline, self.selected
        if self.mode == "agenda" or timeline is None or here is None:
            ids = self._ids(target)
            self.cursor = (target, ids[0] if ids else None)
            return
        minute = here.start.hour * 60 + here.start.minute

        def distance(entry: Entry) -> tuple[int, bool]:  # nearest in time; the same kind wins a tie
            return abs(entry.start.hour * 60 + entry.start.minute - minute), entry.kind != here.kind

        self.cursor = (target, min(timeline.entries, key=distance).id if timeline.entries else None)

    def first(self) -> None:
        ids = self._ids(self.cursor[0])
        if ids:
            self.cursor = (self.cursor[0], ids[0])

    def last(self) -> None:
        ids = self._ids(self.cursor[0])
        if ids:
            self.cursor = (self.cursor[0], ids[-1])

    def watch_cursor(self, old: Cursor, new: Cursor) -> None:
        self._sync_rows()
        self._cache.clear()
        self.refresh()
        self._scroll_to_cursor()
        if self.columns:
            self.post_message(self.Highlighted(self.columns[new[0]].day, self.selected))

    def _scroll_to_cursor(self) -> None:
        row = self._row_of(*self.cursor)
        if row is None:
            return
        header = self._header_lines(self.mode == "agenda")
        height = max(1, (self.scrollable_content_region.height or self.size.height) - header)
        top = round(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    # --- layout ---------------------------------------------------------------------

    def _header_lines(self, agenda: bool) -> int:
        """Lines above the body; `agenda` is `self.mode == "agenda"`, asked once by the caller (it reads the
        widget's size: see `_layout`)."""
        return 0 if agenda else HEADER

    def _body(self, agenda: bool) -> int:
        """Lines of the body (agenda entries or time rows); `agenda` as for `_header_lines`."""
        return len(self._agenda) if agenda else len(self._rows)

    def _relayout(self) -> None:
        self._cache.clear()
        self._layouts.clear()
        agenda = self.mode == "agenda"
        self.virtual_size = Size(self.virtual_size.width, self._body(agenda) + self._header_lines(agenda))
        self.refresh()

    def on_resize(self) -> None:
        self._sync_rows()
        self._relayout()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        """Theme changed: every cached line is stale."""
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    # --- styles ---------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            base = self._styles.get("") or self.rich_style
            self._styles[""] = base
            style = self._styles[name] = base if not name else base + self.get_component_rich_style(name)
        return style

    def _kind_style(self, kind: str) -> Style:
        name = f"kind-{kind}"
        style = self._styles.get(name)
        if style is None:
            value = self.app.theme_variables.get(name) or DEFAULT_KIND_COLORS.get(kind, "")
            try:
                style = Style(color=Color.parse(value).rich_color, bold=True)
            except Exception:  # noqa: BLE001 - a theme value Textual accepted but we cannot read
                style = Style(bold=True)
            style = self._styles[name] = self._style("") + style
        return style

    def _mark(self, timeline: Timeline, entry: Entry) -> tuple[str, Style]:
        state = timeline.state(entry, self.now)
        if state == DONE:
            return MARKS[state], self._style("week--done")
        if state == OVERDUE:
            return MARKS[state], self._style("week--alert")
        return MARKS[state], self._style("") if state == OPEN else self._style("week--muted")

    # --- rendering ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        agenda = self.mode == "agenda"  # once per line: the mode asks the widget's size (see `_layout`)
        header = self._header_lines(agenda)
        if y < header:
            return self._strip(self._heading(y, width), width)
        index = y - header + round(self.scroll_offset.y)
        if not 0 <= index < self._body(agenda):
            return Strip.blank(width, self._style(""))
        strip = self._cache.get(index)
        if strip is None or strip.cell_length != width:
            parts = self._agenda_line(index, width) if agenda else self._row_line(index, width)
            strip = self._cache[index] = self._strip(parts, width)
        return strip

    def _strip(self, parts: list[tuple[str, Style]], width: int) -> Strip:
        segments = [Segment(text, style) for text, style in parts if text]
        strip = Strip(segments)
        used = strip.cell_length
        if used < width:
            strip = Strip([*segments, Segment(" " * (width - used), self._style(""))], width)
        return strip.crop(0, width) if strip.cell_length > width else strip

    def _layout(self, width: int) -> list[tuple[int, int]]:
        """(column, cells) of each visible column, the last taking the spare cells; kept until the next
        relayout: every line asks, and the answer reads the widget's size (ui/startup.py, item 10)."""
        key = (width, self.cursor[0], len(self.columns))
        layout = self._layouts.get(key)
        if layout is None:
            visible = self.visible_columns()
            each = max(4, (width - GUTTER) // max(1, len(visible)))
            spare = max(0, width - GUTTER - each * len(visible))
            layout = self._layouts[key] = [(c, each + (spare if i == len(visible) - 1 else 0))
                                           for i, c in enumerate(visible)]
        return layout

    def _heading(self, y: int, width: int) -> list[tuple[str, Style]]:
        base, muted = self._style(""), self._style("week--muted")
        parts: list[tuple[str, Style]] = [(" " * GUTTER, base)]
        today = self.now.date() if self.now is not None else None
        for column, cells in self._layout(width):
            col = self.columns[column]
            selected = column == self.cursor[0]
            if y == 0:
                text = _fit(f" {col.day:%a %d %b}", cells - 1)
                style = self._style("week--today") if col.day == today else self._style("week--heading")
                if selected and col.day != today:
                    style = style + self.get_component_rich_style("week--cursor")
                parts += [("│", muted), (text, style)]
            else:
                timeline = col.timeline
                if timeline is None:
                    text, style = col.note or "loading…", self._style("week--alert") if col.note else muted
                else:
                    counts = timeline.counts(self.now)
                    text = f"{counts.done}/{counts.planned} done" if counts.planned else "nothing planned"
                    if timeline.source == "routine":
                        text = f"routine · {counts.planned}" if counts.planned else "routine"
                    style = muted
                parts += [("│", muted), (_fit(f" {printable(text)}", cells - 1), style)]
        return parts

    def _row_line(self, index: int, width: int) -> list[tuple[str, Style]]:
        row = self._rows[index]
        base, muted = self._style(""), self._style("week--muted")
        if row.kind == "blank":
            return [(" " * GUTTER, base), *(("│" + " " * (cells - 1), muted) for _c, cells in self._layout(width))]
        if row.kind == "band":
            label = f" {row.text.upper()} "
            band = self._style("week--band")
            return [("─", band), (label, band), ("─" * max(0, width - cell_len(label) - 1), muted)]
        if row.kind == "now":
            alert = self._style("week--alert")
            parts: list[tuple[str, Style]] = [(_fit(row.text[4:], GUTTER), alert)]
            today = self.now.date() if self.now is not None else None
            for column, cells in self._layout(width):
                if self.columns[column].day == today:
                    parts.append(("├" + "─" * (cells - 1), alert))
                else:
                    parts.append(("│" + " " * (cells - 1), muted))
            return parts
        parts = [(_fit(row.text, GUTTER), muted)]
        for column, cells in self._layout(width):
            parts.append(("│", muted))
            parts += self._cell(column, row.cells[column], cells - 1)
        return parts

    def _cell(self, column: int, entry: Entry | None, cells: int) -> list[tuple[str, Style]]:
        """One slot in `cells` cells: mark, kind glyph, title (cut to fit)."""
        base = self._style("")
        timeline = self.columns[column].timeline
        if entry is None or timeline is None:
            return [(" " * cells, base)]
        overlay: Style | None = None
        if column == self.cursor[0] and entry.id == self.cursor[1]:
            focused = self.has_focus or self.focus_coming
            overlay = self.get_component_rich_style("week--cursor" if focused else "week--current")
        elif self.now is not None and timeline.date == self.now.date() and entry.is_current(self.now):
            overlay = self.get_component_rich_style("week--current")
        background = Style(bgcolor=overlay.bgcolor) if overlay is not None and overlay.bgcolor else None

        def styled(style: Style) -> Style:
            return style + background if background is not None else style

        mark, mark_style = self._mark(timeline, entry)
        glyph = GLYPHS.get(entry.kind, "•")
        room = cells - 4 - cell_len(glyph) - 1
        title_style = self._style("week--muted") if entry.status != "todo" else base
        return [
            (mark, styled(mark_style)),
            (" ", styled(base)),
            (glyph, styled(self._kind_style(entry.kind))),
            (" ", styled(base)),
            (_fit(printable(entry.title), max(0, room)), styled(title_style)),
        ] if cells >= 8 else [(_fit(mark, cells), styled(mark_style))]

    def _agenda_line(self, index: int, width: int) -> list[tuple[str, Style]]:
        column, entry = self._agenda[index]
        col = self.columns[column]
        timeline = col.timeline
        muted = self._style("week--muted")
        if entry is None:
            today = self.now.date() if self.now is not None else None
            if timeline is None:
                extra = col.note or "loading…"
            else:
                counts = timeline.counts(self.now)
                extra = f"{counts.done}/{counts.planned} done"
                if timeline.source == "routine":
                    extra = "routine"
            style = self._style("week--today") if col.day == today else self._style("week--band")
            title = f" {col.day:%a %d %b} "
            return [(title, style), (" " + printable(extra), muted)]
        assert timeline is not None
        when = f"  {entry.start.hour:02d}:{entry.start.minute:02d} "
        current = self.now is not None and timeline.date == self.now.date() and entry.is_current(self.now)
        return [(when, self._style("week--alert") if current else muted), *self._cell(column, entry, width - len(when))]
