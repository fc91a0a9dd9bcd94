"""json: the documented, versioned document of `smm-tui today --json`, or several of them.

One day is exactly `today --json` (schema "smm-tui/day"). A range is
{"schema": "smm-tui/days", "version": 1, "generated_at", "from", "to",
"days": [<day document>, ...]} with one day document per date, in order.
Both carry `generated_at` and per-task `overdue` at the export moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smm_tui.core.agenda import dumps_json, json_document
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.timeline import Timeline

RANGE_SCHEMA = "smm-tui/days"
RANGE_VERSION = 1


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    return dumps_json(json_document(timeline, options.now)).encode("utf-8")


def range_document(timelines: Sequence[Timeline], options: ExportOptions) -> dict[str, Any]:
    return {
        "schema": RANGE_SCHEMA,
        "version": RANGE_VERSION,
        "generated_at": options.now.isoformat(),
        "from": timelines[0].date.isoformat() if timelines else None,
        "to": timelines[-1].date.isoformat() if timelines else None,
        "days": [json_document(t, options.now) for t in timelines],
    }


def render_range(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    return dumps_json(range_document(timelines, options)).encode("utf-8")
