"""The week screen: seven compact day timelines side by side (three, or an agenda, when narrow).

Opened with `w` from the day screen and closed with `w` or Esc (back to the
day shown before) or Enter (the selected day opens in the day view): the
screen is dismissed with that day as its result. Everything else follows
the day screen's rules: the app sets what is shown (`show`, `refresh_time`),
keys become requests (ui/messages.py) naming the day of the column and the
task under the cursor: space a `ChangeRequested`, `>` a `MoveRequested` to
the next day, `u` a `HistoryRequested`, `[` `]` `t` and the arrows past the
week's edge a `WeekRequested` for another week. The screen never imports the app.

Not on the day view's first-frame path: the app imports this module when the
week is first opened (tests/ui/test_startup_imports.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Static

from smm_tui.core.clock import Clock
from smm_tui.core.timeline import Entry
from smm_tui.ui.commands import WEEK_COMMANDS, bindings
from smm_tui.ui.messages import ChangeRequested, HistoryRequested, MoveRequested, WeekRequested
from smm_tui.ui.widgets.week_grid import Column, WeekGrid


class WeekScreen(Screen[date | None]):
    """The week around a day; dismissed with None (back) or the day to open."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(WEEK_COMMANDS)
    AUTO_FOCUS = "#week"
    SHOWS_NOTICES: ClassVar[bool] = True
    """ui/notices.py shows confirmations in this screen's status line and toasts over it."""

    DEFAULT_CSS = """
    WeekScreen { layout: vertical; }
    WeekScreen #week-title { height: 1; padding: 0 1; background: $primary 20%; text-style: bold; }
    WeekScreen #week { height: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, clock: Clock, day: date, mounted: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.clock = clock
        self._mounted = mounted
        """Called once the grid exists, to fill it (the app's week view hands it down)."""
        self.composed = False
        """True once mounted: from then on `show` can reach the grid."""
        self._day = day
        """The day to select until the grid has its columns."""
        self.blocked = ""
        """Why no change can be saved now (the app sets it; empty: changes can be saved)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="week-title", markup=False)
        # Focused right after the first frame (`_after_first_frame`), drawn as focused until then: focused
        # while composing, the grid was styled a second time before that frame (~0.7 ms, its component
        # classes again; ui/startup.py, item 14).
        grid = WeekGrid(id="week")
        grid.can_focus, grid.focus_coming = False, True
        yield grid
        # The status line and footer come right after the first frame, as on the day screen: a
        # footer mounts a widget per key, which cost a third of `--view week`'s first paint.

    def on_mount(self) -> None:
        self.composed = True
        if self._mounted is not None:
            self._mounted()
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        """The grid takes the focus; the status line and footer are mounted (see compose)."""
        from textual.widgets import Footer

        from smm_tui.ui.widgets.status_line import StatusLine  # the same (ui/startup.py, item 10)

        if not self.is_attached:
            return
        grid = self.grid
        grid.can_focus, grid.focus_coming = True, False
        if self.focused is None:
            self.set_focus(grid)
        await self.mount(StatusLine(id="status"), Footer(compact=True))
        self.refresh_bindings()  # announce the keys to the new footer, whenever it comes

    @property
    def grid(self) -> WeekGrid:
        return self.query_one("#week", WeekGrid)

    @property
    def day(self) -> date:
        """The selected day (the cursor's column), read from the grid when the key is handled:
        a key typed right behind `l` acts on the day `l` moved to."""
        if self.composed and (day := self.grid.day) is not None:
            return day
        return self._day

    # --- showing data (set by the app) -------------------------------------------------

    def show(self, columns: Sequence[Column], now: datetime, *, day: date | None = None, blocked: str = "") -> None:
        """Show the week's columns; `day` (when given) becomes the selected column."""
        self.blocked = blocked
        grid = self.grid
        cursor = None
        if day is not None:
            self._day = day
            index = next((i for i, c in enumerate(columns) if c.day == day), 0)
            same_day = grid.columns and grid.day == day
            cursor = (index, grid.cursor[1] if same_day else None)  # the same day may sit in another column
        grid.show(columns, now, cursor)
        self._title()

    def refresh_time(self, now: datetime) -> None:
        """The clock moved: now line, overdue marks, the running slot."""
        grid = self.grid
        if grid.columns:
            grid.show(grid.columns, now)

    def _title(self) -> None:
        columns = self.grid.columns
        if not columns:
            return
        first, last = columns[0].day, columns[-1].day
        week = first.isocalendar().week
        self.query_one("#week-title", Static).update(
            f"Week {week}: {first:%a %d %b} – {last:%a %d %b} {last.year:04d}")

    @on(WeekGrid.Edge)
    def _edge(self, event: WeekGrid.Edge) -> None:
        self.post_message(WeekRequested(self.day + timedelta(days=event.direction)))

    # --- actions: the cursor -------------------------------------------------------------

    def action_step_day(self, delta: int) -> None:
        self.grid.step_day(delta)

    def action_cursor_up(self) -> None:
        self.grid.move(-1)

    def action_cursor_down(self) -> None:
        self.grid.move(1)

    def action_cursor_first(self) -> None:
        self.grid.first()

    def action_cursor_last(self) -> None:
        self.grid.last()

    def action_turn(self, weeks: int) -> None:
        """Another week (0: the one holding today), the same weekday selected."""
        target = self.day + timedelta(weeks=weeks) if weeks else self.clock.now().date()
        self.post_message(WeekRequested(target))

    # --- actions: back, open, changes (requests up) -----------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_open_day(self) -> None:
        self.dismiss(self.day)

    def _selected_or_say(self) -> tuple[date, Entry] | None:
        if self.blocked:
            self.notify(self.blocked, severity="error", markup=False)
            return None
        entry = self.grid.selected
        if entry is None:
            self.notify("No slot selected.", markup=False)
            return None
        return self.day, entry

    def action_toggle_done(self) -> None:
        from smm_tui.core.history import Toggle  # the undo history's module: not first-frame (`--view week`)

        if picked := self._selected_or_say():
            day, entry = picked
            self.post_message(ChangeRequested(Toggle(entry.id, self.clock.now()), day))

    def action_postpone(self) -> None:
        if picked := self._selected_or_say():
            day, entry = picked
            self.post_message(MoveRequested((entry.id,), day, day + timedelta(days=1)))

    def action_undo(self) -> None:
        self.post_message(HistoryRequested())

    def action_redo(self) -> None:
        self.post_message(HistoryRequested(redo=True))
