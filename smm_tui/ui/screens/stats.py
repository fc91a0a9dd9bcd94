"""The statistics screen (`S`): how the days of a range went, in figures and three small charts.

The figures are `smm-tui stats`' (core.stats.compute over the history index,
through ui/history_source.py); the screen only chooses the range and draws.
Every query runs in a thread worker, so no key waits for the index: keys
switch the range at once and the figures follow. During the index's first
build over a long history a ProgressBar shows how far it is (the index's own
progress callback, as the CLI's stderr line), then the screen fills in.

Not on the day view's first-frame path: the app imports this module when `S`
is pressed (tests/ui/test_startup_imports.py).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Footer, Input, ProgressBar, Sparkline, Static
from textual.worker import get_current_worker

from smm_tui.core.clock import Clock, today
from smm_tui.core.text import printable
from smm_tui.ui.commands import STATS_COMMANDS, bindings
from smm_tui.ui.history_source import (
    SPAN_NAMES,
    HistorySource,
    HistoryUnavailable,
    StatsView,
    Stopped,
    parse_range,
    shifted,
    span,
)
from smm_tui.ui.screens.indexed import IndexedScreen
from smm_tui.ui.screens.modal import ClosesOnce
from smm_tui.ui.widgets import stats_charts as charts

WIDE_WIDTH = 110
"""From this width on the figures stand in two columns (narrower: one, scrolled)."""


class StatsScreen(ClosesOnce, IndexedScreen):
    """Statistics for this week, the last 4 weeks, this month or a chosen range."""

    PROGRESS_BAR = "#stats-progress-bar"
    BINDINGS: ClassVar[list[BindingType]] = bindings(STATS_COMMANDS)

    DEFAULT_CSS = """
    StatsScreen { layout: vertical; }
    StatsScreen #stats-title { height: auto; padding: 0 1; background: $panel; }
    StatsScreen #stats-range { display: none; }
    StatsScreen.-choosing #stats-range { display: block; }
    StatsScreen #stats-progress { display: none; padding: 1 2; height: auto; }
    StatsScreen.-indexing #stats-progress { display: block; }
    StatsScreen #stats-body { height: 1fr; padding: 0 1; }
    StatsScreen #stats-columns { height: auto; layout: vertical; }
    StatsScreen.-wide #stats-columns { layout: horizontal; }
    StatsScreen .stats-column { height: auto; width: 1fr; }
    StatsScreen.-wide #stats-left { margin-right: 2; }
    StatsScreen .stats-heading { color: $primary; text-style: bold; margin-top: 1; }
    StatsScreen #stats-weeks { width: 36; margin: 0 0 0 4; }
    StatsScreen #stats-weeks-caption { color: $text-muted; margin: 0 0 0 4; }
    """

    def __init__(self, source: HistorySource, clock: Clock, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.source = source
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.span_name = "week"
        """The range shown: a key of SPAN_NAMES."""
        self.first, self.last = span("week", today(clock))
        self.view: StatsView | None = None
        """The figures on screen (None until the first query answered)."""
        self.loading = False
        """A query is running; its answer replaces `view` (tests wait for this to be False)."""
        self._generation = 0
        self._told_problems = False

    def compose(self) -> ComposeResult:
        yield Static("Statistics: loading…", id="stats-title")
        field = Input(placeholder="first and last day: YYYY-MM-DD YYYY-MM-DD (Enter to show, Esc to cancel)",
                      id="stats-range", compact=True)
        field.cursor_blink = self.cursor_blink
        yield field
        with Vertical(id="stats-progress"):
            yield Static("Indexing the history (once; later openings are instant)…")
            yield ProgressBar(id="stats-progress-bar", show_eta=False)
        with VerticalScroll(id="stats-body"), Horizontal(id="stats-columns"):
            with Vertical(id="stats-left", classes="stats-column"):
                yield Static("By kind", classes="stats-heading")
                yield Static(id="stats-bars")
                yield Static("Share done per week", classes="stats-heading")
                yield Sparkline([], id="stats-weeks")
                yield Static(id="stats-weeks-caption")
                yield Static("Share done per day", classes="stats-heading")
                yield Static(id="stats-heatmap")
            with Vertical(id="stats-right", classes="stats-column"):
                yield Static("By platform", classes="stats-heading")
                yield Static(id="stats-platforms")
                yield Static("Plan vs actual (minutes after the slot's start)", classes="stats-heading")
                yield Static(id="stats-lateness")
                yield Static("Cadence and streaks", classes="stats-heading")
                yield Static(id="stats-cadence")
                yield Static(id="stats-streaks")
                yield Static("Routine slots", classes="stats-heading")
                yield Static(id="stats-slots")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self.load()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE_WIDTH, "-wide")
        if self.view is not None:
            self._draw(self.view)

    # --- querying (a thread worker: the index answers, the keys never wait) -----------------

    def load(self) -> None:
        """Ask for the figures of the range now chosen (an older answer still on its way is dropped)."""
        self._generation += 1
        self.loading = True
        self.query_one("#stats-title", Static).update(
            f"Statistics: {SPAN_NAMES[self.span_name]}   {self.first} to {self.last}   loading…")
        self._query(self._generation, self.first, self.last)

    @work(thread=True, group="stats")
    def _query(self, generation: int, first: date, last: date) -> None:
        try:
            view = self.source.stats(first, last, self._progress_from_thread)
        except Stopped:
            return
        except HistoryUnavailable as exc:  # the index is a cache: say what failed, in one line
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, generation, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._answered, generation, view)

    def _answered(self, generation: int, view: StatsView) -> None:
        if self.gone or generation != self._generation:
            return
        self.loading = False
        self.remove_class("-indexing")
        self.view = view
        self._draw(view)

    def _failed(self, generation: int, problem: str) -> None:
        if self.gone or generation != self._generation:
            return
        self.loading = False
        self.remove_class("-indexing")
        self.notify(printable(f"Statistics could not be read: {problem}"), severity="error", markup=False)

    def _draw(self, view: StatsView) -> None:
        s = view.stats
        width = self.size.width
        column = width // 2 - 2 if self.has_class("-wide") else width - 4
        self.query_one("#stats-title", Static).update(charts.summary_line(s, SPAN_NAMES[self.span_name]))
        self.query_one("#stats-bars", Static).update(charts.kind_bars(s.by_kind, column))
        shares = [share for _, share in view.weeks]
        sparkline = self.query_one("#stats-weeks", Sparkline)
        sparkline.data = shares
        sparkline.styles.width = min(len(shares) * 2, max(12, column - 4))
        # Textual's Sparkline spans lowest to highest: the caption says what those are.
        caption = (f"{len(shares)} weeks to {view.weeks[-1][0]}: {min(shares) * 100:.0f}% to "
                   f"{max(shares) * 100:.0f}%, last {shares[-1] * 100:.0f}%") if shares else ""
        self.query_one("#stats-weeks-caption", Static).update(caption)
        self.query_one("#stats-heatmap", Static).update(charts.heatmap(view.month, view.month_days,
                                                                       today(self.clock)))
        self.query_one("#stats-platforms", Static).update(charts.counts_table(s.by_platform))
        self.query_one("#stats-lateness", Static).update(charts.lateness_table(s.lateness))
        self.query_one("#stats-cadence", Static).update(charts.cadence_lines(s.cadence))
        self.query_one("#stats-streaks", Static).update(charts.streak_lines(s.streaks))
        self.query_one("#stats-slots", Static).update(charts.slot_lines(s.busiest, s.most_skipped))
        if s.problems and not self._told_problems:
            self._told_problems = True
            self.notify(printable(f"{len(s.problems)} day file(s) left out: {s.problems[0]}"), severity="warning",
                        markup=False)

    # --- keys ----------------------------------------------------------------------------

    def action_range(self, name: str) -> None:
        self.span_name = name
        self.first, self.last = span(name, today(self.clock))
        self._close_range_input()
        self.load()

    def action_step(self, step: int) -> None:
        """The period before or after the one shown, of the same kind (a month steps by months)."""
        self.first, self.last = shifted(self.first, self.last, self.span_name, step)
        if self.span_name != "month":
            self.span_name = "range"
        self.load()

    def action_choose(self) -> None:
        field = self.query_one("#stats-range", Input)
        field.value = f"{self.first} {self.last}"
        self.add_class("-choosing")
        self.set_focus(field)  # now, so that the dates typed right behind `r` land in the field

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            first, last = parse_range(event.value)
        except ValueError as exc:
            self.notify(f"range: {exc}, got {printable(event.value)!r}", severity="error", markup=False)
            return
        self.span_name, self.first, self.last = "range", first, last
        self._close_range_input()
        self.load()

    def _close_range_input(self) -> None:
        if self.has_class("-choosing"):
            self.remove_class("-choosing")
            self.set_focus(self.query_one("#stats-body"))

    def action_close(self) -> None:
        """Escape: leave the range field if it is open, else close the screen."""
        if self.has_class("-choosing"):
            self._close_range_input()
            return
        self.dismiss(None)

    def on_unmount(self) -> None:
        self.source.close()
