"""txt: the aligned agenda, byte for byte what `smm-tui today` prints.

Overdue marks (`[!]`) are those at the export moment (`options.now`), exactly
as `today` would show them then; export the same day later and more slots
may carry the mark. That keeps "txt = today" true without a second format.
"""

from __future__ import annotations

from smm_tui.core.agenda import render_text
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.timeline import Timeline


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    return render_text(timeline, options.now).encode("utf-8")
