"""Details of the selected slot: time, kind, platforms, status, reminder lead, note.

Shown as a side pane on wide terminals and in a popup (Enter) on narrow ones;
both render `detail_content`, so they always agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from smm_tui.core.kinds import GLYPHS, KIND_LABELS, platform_label
from smm_tui.core.text import printable
from smm_tui.core.timeline import MISSED, Entry

if TYPE_CHECKING:
    from smm_tui.core.relative import Humanize


def _duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _status(entry: Entry, now: datetime | None, state: str | None) -> tuple[str, str, datetime | None, str]:
    """The status, its style, and the instant (with its verb) worth saying relative to now."""
    if entry.status == "done":
        if entry.done_at is None or now is None:
            return "done", "bold $success", None, ""
        return f"done at {entry.done_at.astimezone(now.tzinfo):%H:%M}", "bold $success", entry.done_at, ""
    if entry.status == "skipped":
        return "skipped", "$text-muted", None, ""
    if now is not None and entry.is_overdue(now):
        if state == MISSED:
            return "missed (its day is over)", "$text-muted", None, ""
        return "overdue", "bold $error", entry.starts_at, "started "
    if now is not None and entry.is_current(now):
        return "running now", "bold $warning", entry.ends_at, "ends "
    if now is not None and entry.starts_at > now:
        return "open", "", entry.starts_at, "starts "
    return "open", "", None, ""


def detail_content(entry: Entry | None, now: datetime | None, default_lead: int | None,
                   state: str | None = None, humanize: Humanize | None = None) -> Content:
    """The details of `entry` as styled content (user text escaped, never markup).

    `state` is `Timeline.state(entry, now)`: it tells an overdue slot (today) from a
    missed one (its day is over); without it a late open slot is called overdue.
    humanize: `core.relative.humanize` once the start-up worker has loaded it
    (None in the first frame: clock times only).
    """
    if entry is None:
        return Content.styled("No slot selected.", "$text-muted")
    status, status_style, instant, verb = _status(entry, now, state)
    relative = verb + humanize(instant, now) if humanize is not None and instant is not None and now is not None else ""
    if entry.lead is not None:
        lead = f"{entry.lead} min before" if entry.lead else "none"
    elif default_lead is not None:
        lead = f"{default_lead} min before (default)" if default_lead else "none (default)"
    else:
        lead = "default"
    platforms = ", ".join(printable(platform_label(p)) for p in entry.platforms) or "—"
    when = f"{entry.start:%H:%M}–{entry.end:%H:%M}" if entry.minutes else f"{entry.start:%H:%M}"

    def field(label: str, value: str | Content, style: str = "") -> Content:
        return Content.assemble((f"{label:<10}", "$text-muted"), value if isinstance(value, Content)
                                else (value, style))

    lines = [
        Content.styled(printable(entry.title), "bold"),
        Content(""),
        field("When", f"{when}  ({_duration(entry.minutes)})"),
        field("Kind", Content.assemble((GLYPHS.get(entry.kind, "•"), f"$kind-{entry.kind}"),
                                       f" {KIND_LABELS.get(entry.kind, entry.kind)}")),
        field("Platforms", platforms),
        field("Status", status, status_style),
        *([field("", relative, "$text-muted")] if relative else []),
        field("Reminder", lead),
        field("Position", f"#{entry.position}  (id {printable(entry.id)})"),
    ]
    if entry.note:
        lines += [Content(""), Content.styled("Note", "$text-muted"),
                  *(Content(printable(line)) for line in entry.note.splitlines())]
    return Content("\n").join(lines)


class DetailPane(Widget):
    """Side pane with the selected slot's details; repaints when an attribute changes."""

    DEFAULT_CSS = """
    DetailPane { width: 38; background: $panel; color: $foreground; padding: 1 1; border-left: tall $primary 40%; }
    """

    entry: reactive[Entry | None] = reactive(None)
    """The selected slot (the day screen follows the timeline's cursor)."""
    now: reactive[datetime | None] = reactive(None)
    default_lead: reactive[int | None] = reactive(None)
    """config's lead_minutes, once the settings are loaded."""
    slot_state: reactive[str | None] = reactive(None)
    """`Timeline.state` of the entry: overdue (today) or missed (its day is over)."""
    humanize: reactive[Humanize | None] = reactive(None)
    """Relative times ("in 20 minutes"), once loaded after the first frame."""

    def render(self) -> Content:
        return detail_content(self.entry, self.now, self.default_lead, self.slot_state, self.humanize)
