"""What a reminder looks like when it reaches the user: one line, a title and a body.

A `Delivery` is one notification: a single reminder, or the "missed while
away" digest standing for every reminder that came too late (see
reminders.engine). The same text goes to the TUI's toast, to stdout of
`smm-tui remind` and, through `fields()`, into the placeholders of
notify_command. User text is escaped with core.text.printable everywhere, so
a title such as "x\\x1b[2J" cannot clear a terminal or confuse a notifier.
Pure: no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from smm_tui.core.kinds import KIND_LABELS
from smm_tui.core.text import printable
from smm_tui.core.wallclock import zone
from smm_tui.reminders.engine import NAG, Batch, Reminder

REMINDER, DIGEST = "reminder", "digest"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One notification. `reminders` has one item, or (digest) the newest missed reminder per task."""

    kind: str
    """'reminder' or 'digest'."""
    at: datetime
    """When it was delivered (UTC)."""
    zone: str
    """The local zone to show `at` in."""
    reminders: tuple[Reminder, ...]
    missed_count: int = 0
    """Digest only: how many reminders it stands for (every nag counted)."""

    @property
    def reminder(self) -> Reminder:
        """The reminder (the first missed one for a digest): what snooze and done act on."""
        return self.reminders[0]

    @property
    def is_digest(self) -> bool:
        return self.kind == DIGEST

    def _local(self) -> datetime:
        return self.at.astimezone(zone(self.zone))

    @property
    def title(self) -> str:
        if self.is_digest:
            return f"Missed while away: {_plural(len(self.reminders), 'slot')}"
        return printable(self.reminder.title)

    @property
    def body(self) -> str:
        if self.is_digest:
            return "; ".join(self.items())
        r = self.reminder
        label = KIND_LABELS.get(r.task_kind, r.task_kind)
        return f"{label} {self._when(r)}-{r.end:%H:%M}: {self.detail(r)}"

    def items(self) -> list[str]:
        """One short line per reminder ('07:30 Tweet and retweet (publish, start)'): a digest's list, e.g. one per toast line."""
        return [f"{self._when(r)} {printable(r.title)} ({r.task_kind}, {r.kind})" for r in self.reminders]

    def detail(self, r: Reminder) -> str:
        """'starts in 10 min', 'starts now', 'overdue since 07:30', prefixed 'snoozed, ' when it came back."""
        minutes = round((r.starts_at - self.at).total_seconds() / 60)
        if r.kind == NAG:
            text = f"overdue since {r.end:%H:%M}, still open"
        elif minutes > 0:
            text = f"starts in {minutes} min"
        elif minutes == 0:
            text = "starts now"
        else:
            text = f"started {-minutes} min ago"
        return f"snoozed, {text}" if r.snoozed_from else text

    def _when(self, r: Reminder) -> str:
        """The slot's wall time, with its weekday when it is not today's (00:10 tomorrow, found tonight)."""
        if r.day != self._local().date():
            return f"{r.day:%a} {r.start:%H:%M}"
        return f"{r.start:%H:%M}"

    def line(self) -> str:
        """The one line `smm-tui remind` prints (no control characters, no newline)."""
        stamp = f"{self._local():%H:%M}"
        if self.is_digest:
            slots, count = _plural(len(self.reminders), "slot"), _plural(self.missed_count, "reminder")
            return f"{stamp}  missed {slots} while away ({count}): {self.body}"
        r = self.reminder
        return f"{stamp}  {r.kind:<5}  {self._when(r)}  {printable(r.title)}  ({r.task_kind}, {self.detail(r)})"

    def fields(self) -> dict[str, str]:
        """Values of the notify_command placeholders: {title} {body} {time} {date} {kind} {task_kind} {id} {due} {count} {line}."""
        local = self._local()
        if self.is_digest:
            return {"title": self.title, "body": self.body, "time": f"{local:%H:%M}", "date": local.date().isoformat(),
                    "kind": DIGEST, "task_kind": "", "id": "", "due": f"{local:%H:%M}",
                    "count": str(self.missed_count), "line": self.line()}
        r = self.reminder
        return {"title": self.title, "body": self.body, "time": f"{r.start:%H:%M}", "date": r.day.isoformat(),
                "kind": r.kind, "task_kind": r.task_kind, "id": r.task_id,
                "due": f"{r.due.astimezone(zone(self.zone)):%H:%M}", "count": "1", "line": self.line()}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def deliveries(batch: Batch, zone_name: str) -> list[Delivery]:
    """The notifications for a step: each on-time reminder, then one digest of the missed ones."""
    out = [Delivery(REMINDER, batch.now, zone_name, (r,)) for r in batch.fresh]
    if batch.missed:
        out.append(Delivery(DIGEST, batch.now, zone_name, batch.missed, batch.missed_count))
    return out
