"""The statistics screen's pictures and tables as Textual Content: bars per kind, the month heatmap, the figures.

Drawn here rather than with a plotting library: bars are one line of block
characters per kind and the heatmap is a 7-row grid of squares (GitHub's
contribution chart), both a few lines of text that take the theme's colours
(`$kind-<kind>`, `$success`, `$text-muted`) like every other widget. The
sparkline per week is Textual's own `Sparkline`. Slot ids and platforms are
user text: escaped with `printable` and added as plain text, never markup.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from textual.content import Content

from smm_tui.core.kinds import GLYPHS
from smm_tui.core.stats import Cadence, Lateness, SlotFigure, Stats, Streak, share_done
from smm_tui.core.text import printable
from smm_tui.core.timeline import Counts

LABEL = 14
"""Width of a row's label (kind, platform, slot)."""
HEAT_STEPS = ((0.0, "$success 15%"), (0.25, "$success 40%"), (0.5, "$success 65%"), (0.75, "$success 85%"),
              (1.0, "$success"))
"""Share done -> the colour of a heatmap square: the lowest step whose share is reached from below."""
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def _share(counts: Counts) -> str:
    share = share_done(counts)
    return "   -" if share is None else f"{share * 100:3.0f}%"


def _label(text: str) -> str:
    shown = printable(text)
    return (shown[:LABEL - 1] + "…" if len(shown) > LABEL else shown).ljust(LABEL)


def kind_bars(by_kind: dict[str, Counts], width: int) -> Content:
    """One bar per kind, as long as its planned count (longest = the bar width): done in the kind's
    colour, skipped shaded, missed in the error colour, the rest of open dim; then done/planned."""
    if not by_kind:
        return Content.styled("Nothing planned in this range.", "$text-muted")
    bar_width = max(8, width - LABEL - 18)
    most = max(c.planned for c in by_kind.values()) or 1
    lines = []
    for kind, c in by_kind.items():
        scale = bar_width / most
        done, skipped, missed = round(c.done * scale), round(c.skipped * scale), round(c.missed * scale)
        rest = max(0, round(c.planned * scale) - done - skipped - missed)
        lines.append(Content.assemble(
            (GLYPHS.get(kind, "•") + " ", f"$kind-{kind}"), (_label(kind)[:LABEL - 2] + "  ", ""),
            ("█" * done, f"$kind-{kind}"), ("▒" * skipped, "$text-muted"), ("░" * missed, "$error"),
            ("·" * rest, "$text-muted"), (" " * (bar_width - done - skipped - missed - rest), ""),
            (f" {c.done:>4}/{c.planned:<4} {_share(c)}", ""),
        ))
    legend = Content.assemble(("█ done  ", "$text-muted"), ("▒ skipped  ", "$text-muted"),
                              ("░ missed", "$error"), ("  · open", "$text-muted"))
    return Content("\n").join([*lines, legend])


def counts_table(groups: dict[str, Counts], limit: int = 8) -> Content:
    """planned / done / skipped / missed / share done per group (the largest `limit` groups)."""
    head = Content.styled(f"{'':<{LABEL}} {'planned':>7} {'done':>5} {'skipped':>7} {'missed':>6} {'done':>5}",
                          "$text-muted")
    rows = [Content(f"{_label(key)} {c.planned:>7} {c.done:>5} {c.skipped:>7} {c.missed:>6} {_share(c):>5}")
            for key, c in list(groups.items())[:limit]]
    if len(groups) > limit:
        rows.append(Content.styled(f"… and {len(groups) - limit} more", "$text-muted"))
    return Content("\n").join([head, *rows])


def _heat_style(share: float | None) -> str:
    style = HEAT_STEPS[0][1]
    for floor, colour in HEAT_STEPS:
        if share is not None and share >= floor:
            style = colour
    return style


def heatmap(month: date, days: list[tuple[date, float | None, bool]], today: date) -> Content:
    """Share done per day of `month` as a GitHub-style grid: a column per week, a row per weekday.

    A day with a file shows a square shaded by its share done; a past day
    without one (never opened, not counted) a dim dot; a future day nothing.
    """
    cells = {day: (share, has_file) for day, share, has_file in days}
    first = month - timedelta(days=month.weekday())
    columns = (max(cells) - first).days // 7 + 1 if cells else 0
    lines = [Content.styled(f"{calendar.month_name[month.month]} {month.year}", "bold")]
    for weekday in range(7):
        parts = [(f"{WEEKDAY_LABELS[weekday]:<4}", "$text-muted")]
        for column in range(columns):
            day = first + timedelta(days=column * 7 + weekday)
            if day not in cells or day > today:
                parts.append(("  ", ""))
                continue
            share, has_file = cells[day]
            if has_file and share is not None:
                parts.append(("■ ", _heat_style(share)))
            else:
                parts.append(("· ", "$text-muted"))
        lines.append(Content.assemble(*parts))
    legend: list[tuple[str, str]] = [("less ", "$text-muted")]
    legend += [("■", style) for _, style in HEAT_STEPS]
    legend += [(" more   · no file", "$text-muted")]
    lines.append(Content.assemble(*legend))
    return Content("\n").join(lines)


def lateness_table(lateness: dict[str, Lateness]) -> Content:
    """Plan vs actual per kind: minutes from the slot's start to the tick (median, p90), ticked inside."""
    if not lateness:
        return Content.styled("No done tasks with a tick time in this range.", "$text-muted")
    head = Content.styled(f"{'':<{LABEL}} {'done':>5} {'median':>7} {'p90':>6}  inside slot", "$text-muted")
    rows = [Content.assemble((GLYPHS.get(kind, "•") + " ", f"$kind-{kind}"),
                             ((f"{_label(kind)[:LABEL - 2]} {late.done:>5} {late.median_minutes:>6.0f}m "
                               f"{late.p90_minutes:>5.0f}m  {late.inside_slot * 100 // max(late.done, 1):>3}%"), ""))
            for kind, late in lateness.items()]
    return Content("\n").join([head, *rows])


def cadence_lines(cadence: dict[str, Cadence]) -> Content:
    if not cadence:
        return Content.styled("No slot repeats within a day in this range.", "$text-muted")
    return Content("\n").join(
        Content(f"{_label(slot)} {c.rounds_kept}/{c.rounds_planned} rounds kept, all on {c.days_all_kept}/{c.days} days")
        for slot, c in cadence.items())


def streak_lines(streaks: dict[str, Streak]) -> Content:
    if not streaks:
        return Content.styled("No streak slots in this range.", "$text-muted")
    return Content("\n").join(Content(f"{st.label:<18} now {st.current:>3}  longest {st.longest:>3}")
                              for st in streaks.values())


def slot_lines(busiest: list[SlotFigure], most_skipped: list[SlotFigure]) -> Content:
    if not busiest:
        return Content.styled("No routine slots in this range (only added tasks).", "$text-muted")
    lines = [Content.styled("busiest", "$text-muted")]
    lines += [Content(f"  {_label(s.slot)} {s.planned:>5} planned {s.minutes:>6} min") for s in busiest]
    lines.append(Content.styled("most skipped", "$text-muted"))
    lines += [Content(f"  {_label(s.slot)} {s.skipped:>5} of {s.planned}") for s in most_skipped] or \
        [Content.styled("  none skipped", "$text-muted")]
    return Content("\n").join(lines)


def summary_line(s: Stats, name: str) -> Content:
    """The title: the range, how many days were counted, the total and its share done."""
    never = f", {s.days_without_file} never opened" if s.days_without_file else ""
    return Content.assemble(
        (f"Statistics: {name}", "bold $primary"), (f"   {s.first} to {s.last}", ""),
        (f"   {s.days} day(s) counted{never}   ", "$text-muted"),
        ((f"{s.total.done}/{s.total.planned} done {_share(s.total).strip()}, {s.total.skipped} skipped, "
          f"{s.total.missed} missed"), ""),
    )
