"""`export --week`: which seven days a week is, what they add up to, and which renderer draws them.

A week is seven consecutive days starting on the configured first weekday
(Monday unless set otherwise). Every format takes it: svg and html draw it
as one landscape page (core.export.week_svg), md, txt and json write the
days one after the other (core.export.week_text), and ics is the range
export of those seven days, so each event keeps the UID of the day export.
Renderer modules are imported only when used, as in the format registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import cast

from smm_tui.core.errors import UsageError
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.kinds import KINDS
from smm_tui.core.timeline import Counts, Timeline

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Names of a week's first day, in `date.weekday()` order."""

Renderer = Callable[[Sequence[Timeline], ExportOptions], bytes]

_RENDERERS = {
    "svg": ("week_svg", "render_svg"),
    "html": ("week_svg", "render_html"),
    "md": ("week_text", "render_md"),
    "txt": ("week_text", "render_txt"),
    "json": ("week_text", "render_json"),
    "ics": ("ics", "render_range"),
}


def week_of(anchor: date, first_weekday: int | str = 0) -> list[date]:
    """The seven dates of the week holding `anchor`, from `first_weekday` (0 = Monday, or its name)."""
    start = WEEKDAYS.index(first_weekday.lower()) if isinstance(first_weekday, str) else first_weekday
    first = anchor - timedelta(days=(anchor.weekday() - start) % 7)
    return [first + timedelta(days=offset) for offset in range(7)]


def week_title(timelines: Sequence[Timeline]) -> str:
    """'Week 48 · Monday 23 to Sunday 29 November 2026' (the ISO week number of the first day)."""
    first, last = timelines[0].date, timelines[-1].date
    if (first.year, first.month) == (last.year, last.month):
        start = f"{first:%A %d}"
    elif first.year == last.year:
        start = f"{first:%A %d %B}"
    else:
        start = f"{first:%A %d %B} {first.year:04d}"
    return f"Week {first.isocalendar().week} · {start} to {last:%A %d %B} {last.year:04d}"


def _add(a: Counts, b: Counts) -> Counts:
    return Counts(a.planned + b.planned, a.done + b.done, a.skipped + b.skipped, a.overdue + b.overdue,
                  a.missed + b.missed)


def week_counts(timelines: Sequence[Timeline], now: datetime) -> Counts:
    """The days' `Timeline.counts` at `now`, added up."""
    out = Counts(0, 0, 0)
    for timeline in timelines:
        out = _add(out, timeline.counts(now))
    return out


def week_counts_by_kind(timelines: Sequence[Timeline], now: datetime) -> dict[str, Counts]:
    """The days' `Timeline.counts_by_kind` at `now`, added up, in the order of KINDS."""
    sums: dict[str, Counts] = {}
    for timeline in timelines:
        for kind, counts in timeline.counts_by_kind(now).items():
            sums[kind] = _add(sums.get(kind, Counts(0, 0, 0)), counts)
    return {kind: sums[kind] for kind in KINDS if kind in sums}


def week_file_name(first: date, extension: str) -> str:
    """`smm-week-YYYY-MM-DD.<ext>` (the first day): fixed characters only."""
    return f"smm-week-{first.isoformat()}.{extension}"


def render_week(fmt: str, timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    """The seven days in format `fmt`."""
    if len(timelines) != 7:
        raise UsageError(f"a week is seven days, got {len(timelines)}")
    try:
        module, name = _RENDERERS[fmt]
    except KeyError:
        raise UsageError(f"--week is not available as {fmt} (choose from {', '.join(_RENDERERS)})") from None
    renderer = cast(Renderer, getattr(importlib.import_module(f"smm_tui.core.export.{module}"), name))
    return renderer(timelines, options)
