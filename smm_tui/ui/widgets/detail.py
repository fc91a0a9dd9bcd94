"""Details of the selected slot: time, kind, platforms, status, reminder lead, note.

Shown as a side pane on wide terminals and in a popup (Enter) on narrow ones;
both render `detail_content`, so they always agree.
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widget import Widget

from smm_tui.core.kinds import GLYPHS, KIND_LABELS, platform_label
from smm_tui.core.text import printable
from smm_tui.core.timeline import MISSED, Entry


def _duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def detail_content(entry: Entry | None, now: datetime | None, default_lead: int | None,
                   state: str | None = None) -> Content:
    """The details of `entry` as styled content (user text escaped, never markup).

    `state` is `Timeline.state(entry, now)`: it tells an overdue slot (today) from a
    missed one (its day is over); without it a late open slot is called overdue.
    """
    if entry is None:
        return Content.styled("No slot selected.", "$text-muted")
    if entry.status == "done":
        status = "done"
        if entry.done_at is not None and now is not None:
            status += f" at {entry.done_at.astimezone(now.tzinfo):%H:%M}"
        status_style = "bold $success"
    elif entry.status == "skipped":
        status, status_style = "skipped", "$text-muted"
    elif now is not None and entry.is_overdue(now):
        if state == MISSED:
            status, status_style = "missed (its day is over)", "$text-muted"
        else:
            status, status_style = "overdue", "bold $error"
    elif now is not None and entry.is_current(now):
        status, status_style = "running now", "bold $warning"
    else:
        status, status_style = "open", ""
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
        field("Reminder", lead),
        field("Position", f"#{entry.position}  (id {printable(entry.id)})"),
    ]
    if entry.note:
        lines += [Content(""), Content.styled("Note", "$text-muted"),
                  *(Content(printable(line)) for line in entry.note.splitlines())]
    return Content("\n").join(lines)


class DetailPane(Widget):
    """Side pane with the selected slot's details."""

    DEFAULT_CSS = """
    DetailPane { width: 38; background: $panel; color: $foreground; padding: 1 1; border-left: tall $primary 40%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry: Entry | None = None
        self.now: datetime | None = None
        self.default_lead: int | None = None
        self.state: str | None = None

    def show(self, entry: Entry | None, now: datetime | None, default_lead: int | None,
             state: str | None = None) -> None:
        self.entry, self.now, self.default_lead, self.state = entry, now, default_lead, state
        self.refresh()

    def render(self) -> Content:
        return detail_content(self.entry, self.now, self.default_lead, self.state)
