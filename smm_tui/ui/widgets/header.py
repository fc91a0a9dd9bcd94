"""The day header: date and weekday, progress, "next up" with a countdown.

Two lines. Line one: the date (and "today"/"tomorrow"/...), and progress as
`Counts.summary` (done / planned, skipped, open, overdue or missed: the
numbers every export prints) with a bar. Line two: the next open slot and
how long until it starts; on a wide terminal also progress per kind (glyph +
done/planned, as in the svg footer), or the active filter; at its end the
sync state when sync is set up (ui/sync_desk.py); the tooltip says
which glyph is which kind. Every colour is a theme variable; user text is
escaped (`printable`) and added as plain text, never parsed as markup.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from smm_tui.core.kinds import GLYPHS, KIND_LABELS, KINDS
from smm_tui.core.text import long_date, printable
from smm_tui.core.timeline import Timeline

PER_KIND_WIDTH = 110
"""From this width on, line two also shows progress per kind."""

COUNTS_LEGEND = "Done/planned per kind (planned: every slot of the day, skipped ones too):\n" + "\n".join(
    f"{GLYPHS[kind]} {KIND_LABELS[kind]}" for kind in KINDS)
"""The header's tooltip: which glyph is which kind (the help screen shows the same legend)."""


def countdown(seconds: float) -> str:
    """'in 5 min', 'in 1 h 20 min', 'now' - rounded up to whole minutes."""
    minutes = max(0, int(-(-seconds // 60)))
    if minutes == 0:
        return "now"
    if minutes < 60:
        return f"in {minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"in {hours} h {rest} min" if rest else f"in {hours} h"


def relative_day(day: date, today: date) -> str:
    delta = (day - today).days
    return {0: "today", 1: "tomorrow", -1: "yesterday"}.get(delta, f"{delta:+d} days")


def _bar(done: int, total: int, width: int) -> str:
    if total <= 0 or width <= 0:
        return ""
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)


class DayHeader(Widget):
    """Date, progress and next-up; redrawn whenever one of its reactive attributes changes.

    The day screen sets the attributes (data changes, clock ticks, the filter);
    Textual repaints once for all the assignments of one update.
    """

    DEFAULT_CSS = """
    DayHeader { height: 2; background: $panel; color: $foreground; padding: 0 1; }
    """

    day: reactive[date | None] = reactive(None)
    """The day shown (None: nothing yet)."""
    timeline: reactive[Timeline | None] = reactive(None)
    """Its timeline (None while loading or when the file has a problem)."""
    now: reactive[datetime | None] = reactive(None)
    """The clock's last reading: countdown and "today" are relative to it."""
    filter_text: reactive[str] = reactive("")
    """The active filter, shown on line two instead of the kinds."""
    problem: reactive[str] = reactive("")
    sync_line: reactive[str] = reactive("")
    """The sync state ("synced 10:42 · 0 pending"), at the end of line two; '' without [sync] url (ui/sync_desk.py)."""
    sync_failed: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tooltip = COUNTS_LEGEND

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        if self.day is None or self.now is None:
            return Content("")
        today = self.now.date()
        title = Content.assemble(
            (long_date(self.day), "bold $primary"),
            (f"  {relative_day(self.day, today)}", "$text-muted"),
        )
        line1 = title
        line2 = Content("")
        timeline = self.timeline
        if timeline is not None:
            counts = timeline.counts(self.now)
            planned = counts.planned
            percent = round(100 * counts.done / planned) if planned else 0
            summary = counts.summary()
            if cell_len(title.plain) + cell_len(summary) + 2 > width:
                summary = f"{counts.done}/{planned} done"
            bar_width = max(0, min(20, width - cell_len(title.plain) - cell_len(summary) - 10))
            right = Content.assemble(
                (summary, "bold"), ("  ", ""),
                (_bar(counts.done, planned, bar_width), "$success"),
                (f" {percent:>3}%" if bar_width else "", "$text-muted"),
            )
            line1 = self._spread(title, right, width)
            line2 = self._next_up(timeline, width)
        elif self.problem:
            line2 = Content.styled("⚠ cannot show this day (see below)", "bold $error")
        return Content("\n").join([line1, line2]) if line2 else line1

    def _next_up(self, timeline: Timeline, width: int) -> Content:
        assert self.now is not None
        if self.filter_text:
            right = Content.assemble(("filter: ", "$text-muted"), (printable(self.filter_text), "bold $accent"),
                                     ("  (/ edit, Esc clear)", "$text-muted"))
        elif width >= PER_KIND_WIDTH:
            parts: list[tuple[str, str] | str] = []
            for kind, c in timeline.counts_by_kind(self.now).items():
                parts.append((GLYPHS[kind], f"$kind-{kind}"))
                parts.append((f"{c.done}/{c.planned} ", "$text-muted"))
            right = Content.assemble(*parts).rstrip()
        else:
            right = Content("")
        if self.sync_line:
            segment = Content.styled(printable(self.sync_line), "bold $error" if self.sync_failed else "$text-muted")
            if segment.cell_length > max(12, width // 2):  # a long failure: its start, the status line has all
                segment = segment.truncate(max(12, width // 2), ellipsis=True)
            both = Content.assemble(right, "  ", segment) if right else segment
            right = both if both.cell_length + 40 <= width else segment  # the kinds give way first
        entry = timeline.next_up(self.now)
        if entry is None:
            left = Content.styled("Nothing left to start on this day", "$text-muted")
        else:
            wait = countdown((entry.starts_at - self.now).total_seconds())
            room = max(10, width - right.cell_length - 30)
            title = printable(entry.title)
            if cell_len(title) > room:
                title = Content(title).truncate(room - 1).plain + "…"
            left = Content.assemble(
                ("Next ", "$text-muted"), (f"{entry.start:%H:%M} ", "bold"),
                (GLYPHS.get(entry.kind, "•"), f"$kind-{entry.kind}"), (" ", ""),
                (title, ""), ("  ", ""), (wait, "bold $accent"),
            )
        return self._spread(left, right, width)

    @staticmethod
    def _spread(left: Content, right: Content, width: int) -> Content:
        """`left` and `right` on one line, right-aligned; `right` is dropped when there is no room."""
        gap = width - left.cell_length - right.cell_length
        if not right or gap < 2:
            return left.truncate(width, ellipsis=True) if left.cell_length > width else left
        return Content.assemble(left, " " * gap, right)
