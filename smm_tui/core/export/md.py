"""md: a checklist per band, ready to paste into a report or a ticket.

    - [x] 05:30 ◉ Wake up: email and overnight mentions on the phone (Email, X)
    - [ ] ~~06:00 ✦ Scan news feeds ...~~ *skipped*
    - [ ] 07:00 ✎ Answer overnight criticism ... **overdue**

Done is `[x]`; skipped is an open box with the line struck through (it was
not done, and a renderer must not count it as done); overdue and missed (open
and its end passed at the export moment: today / on a day that is over) are
flagged. The summary line is `Counts.summary`, the phrase every view uses.
User text is escaped so a title can neither break the list nor inject markup
(`*`, `_`, `[`, `<`, `|`, ...), and control characters are shown as visible
escapes (core.text.printable).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from smm_tui.core.export.options import ExportOptions
from smm_tui.core.kinds import GLYPHS, platform_label
from smm_tui.core.text import long_date, printable
from smm_tui.core.timeline import MISSED, OVERDUE, Entry, Timeline

# Only what can start markup mid-line: emphasis, code, links/images, html, tables, strike, entities, math.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")


def escape(text: str) -> str:
    """Markdown-inert text on one line."""
    return _SPECIAL.sub(r"\\\1", printable(text))


def _line(timeline: Timeline, entry: Entry, options: ExportOptions) -> str:
    glyph = GLYPHS.get(entry.kind, "•")
    body = f"{entry.start:%H:%M} {glyph} {escape(entry.title)}"
    if entry.platforms:
        body += " (" + ", ".join(escape(platform_label(p)) for p in entry.platforms) + ")"
    if entry.status == "done":
        line = f"- [x] {body}"
    elif entry.status == "skipped":
        line = f"- [ ] ~~{body}~~ *skipped*"
    elif (state := timeline.state(entry, options.now)) in (OVERDUE, MISSED):
        line = f"- [ ] {body} **{state}**"
    else:
        line = f"- [ ] {body}"
    if entry.note:
        line += f" — {escape(entry.note)}"
    return line


def _summary(timeline: Timeline, options: ExportOptions) -> str:
    return f"{escape(timeline.zone)} · {timeline.counts(options.now).summary()}"


def day_lines(timeline: Timeline, options: ExportOptions, level: int = 1) -> list[str]:
    hashes = "#" * level
    lines = [f"{hashes} {long_date(timeline.date)}", "", _summary(timeline, options)]
    if timeline.note:
        lines += ["", f"> {escape(timeline.note)}"]
    for band in timeline.bands:
        lines += ["", f"{hashes}# {band.label}", ""]
        if band.entries:
            lines += [_line(timeline, e, options) for e in band.entries]
        else:
            lines.append("_Nothing planned._")
    return lines


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    return ("\n".join(day_lines(timeline, options)) + "\n").encode("utf-8")


def render_range(timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
    first, last = timelines[0].date, timelines[-1].date
    done = sum(t.counts().done for t in timelines)
    planned = sum(t.counts().planned for t in timelines)
    lines = [f"# Days {long_date(first, weekday=False)} to {long_date(last, weekday=False)}", "",
             f"{done}/{planned} done over {len(timelines)} day(s)"]
    for timeline in timelines:
        lines += ["", *day_lines(timeline, options, level=2)]
    return ("\n".join(lines) + "\n").encode("utf-8")
