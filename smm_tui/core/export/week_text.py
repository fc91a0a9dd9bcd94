"""md, txt and json of a week: the seven days one after the other, under one heading.

- md: "# Week 48 · ..." with the week's counts, then each day as the day
  export writes it (core.export.md), one heading level down.
- txt: the week's heading and counts, then each day exactly as
  `smm-tui today` prints it (core.agenda), separated by a blank line.
- json: {"schema": "smm-tui/week", "version": 1, "generated_at", "week",
  "from", "to", "counts", "days": [<day document>, ...]}: seven documents of
  `today --json` (schema "smm-tui/day"), in order, and the week's counts.

States and counts are `Timeline.state` / `Timeline.counts` at the export
moment, as in every other export.
"""

from __future__ import annotations

from collections.abc import Sequence

from smm_tui.core.agenda import dumps_json, json_document, render_text
from smm_tui.core.export.md import day_lines, escape
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.export.week import week_counts, week_title
from smm_tui.core.timeline import Timeline

SCHEMA = "smm-tui/week"
SCHEMA_VERSION = 1


def _heading(timelines: Sequence[Timeline], options: ExportOptions) -> tuple[str, str]:
    counts = week_counts(timelines, options.now)
    return week_title(timelines), f"{escape(timelines[0].zone)} · {counts.summary()}"


def render_md(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    title, summary = _heading(timelines, options)
    lines = [f"# {title}", "", summary]
    for timeline in timelines:
        lines += ["", *day_lines(timeline, options, level=2)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_txt(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    counts = week_counts(timelines, options.now)
    title = week_title(timelines)
    parts = [f"{title}  ({timelines[0].zone})  {counts.summary()}\n{'=' * len(title)}\n"]
    parts += [render_text(timeline, options.now) for timeline in timelines]
    return "\n".join(parts).encode("utf-8")


def week_document(timelines: Sequence[Timeline], options: ExportOptions) -> dict[str, object]:
    first = timelines[0].date
    iso = first.isocalendar()
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "generated_at": options.now.isoformat(),
        "week": f"{iso.year:04d}-W{iso.week:02d}",
        "from": first.isoformat(),
        "to": timelines[-1].date.isoformat(),
        "counts": week_counts(timelines, options.now).as_dict(),
        "days": [json_document(t, options.now) for t in timelines],
    }


def render_json(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    return dumps_json(week_document(timelines, options)).encode("utf-8")
