"""Reminders in the TUI: the reminder service on Textual timers, shown as toasts you can act on.

Started by the app once the store and settings are loaded (`ReminderDesk.start`),
never at import time of anything on the first-paint path: this module and
`smm_tui.reminders.service` are imported only then.

Scheduling: one one-shot timer set to the next reminder
(`ReminderService.next_wake`), re-armed after every poll and after every
change to the day (the app calls `rearm` whenever it shows a new version of
the day), plus the coarse check every `check_seconds` (the host's `start_service`)
that re-reads the day files and lets the service notice a suspend or a clock
jump (it compares the wall clock with the last instant it looked at). Textual
timers run on the monotonic clock; nothing here counts ticks - every wake-up
asks the service what is due at `clock.now()`. The one-shot timer wakes a few
milliseconds after the due instant, so a reminder shows well within 1 s of its
time.

Each delivery is one note on the day screen (a "missed while away" digest
too, however many slots it lists; ui/notices.py), gone once answered, the reminded slot flashes in the timeline when that day is
on screen, and the terminal bell rings once per batch when `bell = true`.
notify_command runs on a thread worker (it may take up to notify_timeout);
the service's problems are shown once each as warnings.

Keys act on the last single reminder (`last`): snooze (`z`, a choice of
`snooze_minutes` or "until the next slot") and done (`D`, an undoable change
through the host's `apply_operation`, like space). A digest stands for several
slots, so it is not a target: tick those off in the timeline.

The desk drives its host (the app) through the `ReminderHost` Protocol and
never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.core.errors import SmmError, UsageError
from smm_tui.core.text import printable
from smm_tui.core.wallclock import zone

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.worker import Worker

    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.history import Operation
    from smm_tui.core.store import Store
    from smm_tui.core.timeline import Timeline
    from smm_tui.reminders.deliveries import Delivery
    from smm_tui.reminders.service import ReminderService
    from smm_tui.ui.commands import Command
    from smm_tui.ui.day_view import DayView
    from smm_tui.ui.notices import Notices

SLACK = 0.005
"""Seconds added to the wait so the timer fires just after a reminder is due, never just before."""
KIND_WORDS = {"lead": "coming up", "start": "starting now", "nag": "still open"}
DIGEST_LINES = 8
"""A digest toast lists at most this many slots, then says how many more."""
REMINDER_TIMEOUT = 30
DIGEST_TIMEOUT = 60


class ReminderHost(Protocol):
    """What the desk asks of the app: Textual's timers, workers and toasts plus the app's seams."""

    clock: Clock
    reminders: ReminderDesk | None
    settings: Settings | None
    store: Store | None
    days: DayView

    @property
    def notices(self) -> Notices: ...

    def when_ready(self, callback: Callable[[], object]) -> None: ...

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], object], *, name: str | None = ...) -> Timer: ...

    def run_worker(self, work: Callable[[], object], name: str | None = ..., group: str = ..., *,
                   thread: bool = ..., exit_on_error: bool = ...) -> Worker[Any]: ...

    def push_screen(self, screen: Screen[Any], callback: Any = ...) -> Any: ...

    def start_service(self, tick: Callable[[datetime], object], *, every: float = ..., name: str = ...) -> None: ...

    def bell(self) -> None: ...

    def keymap_keys(self, command: Command) -> str: ...

    def apply_operation(self, operation: Operation, *, day: date | None = ...) -> bool: ...


def running(host: ReminderHost) -> ReminderDesk | None:
    """The host's running reminders, or None after saying why there are none."""
    if host.reminders is None:
        host.notify("Reminders are off: the data dir could not be opened.", severity="warning", markup=False)
    return host.reminders


def request(host: ReminderHost, action: str) -> None:
    """A key on the last reminder, once loaded: "snooze" asks how long (a dialog: only while the day
    screen is on top), "done" ticks its slot off."""
    def run() -> None:
        if (desk := running(host)) is not None:
            if action == "snooze":
                from smm_tui.ui.screens.snooze import next_slot_label

                timeline = host.days.state.timeline if host.days.state is not None else None
                desk.ask_snooze(next_slot_label(timeline, host.clock.now()))
            else:
                desk.done()

    host.when_ready(host.days.on_top(run) if action == "snooze" else run)


def palette(host: ReminderHost) -> list[tuple[str, str, Callable[[], None]]]:
    """Palette entries "reminder: snooze N min" (config's snooze_minutes) and "... until the next slot"."""
    choices = host.settings.reminders.snooze_minutes if host.settings is not None else (5, 10, 30)

    def snooze(minutes: int | None = None, *, next_slot: bool = False) -> None:
        host.when_ready(lambda: (desk := running(host)) is not None and desk.snooze(minutes, next_slot=next_slot))

    entries: list[tuple[str, str, Callable[[], None]]] = [
        (f"reminder: snooze {minutes} min", "the last reminder comes back once, then", partial(snooze, minutes))
        for minutes in choices
    ]
    entries.append(("reminder: snooze until the next slot", "the last reminder comes back when the next slot starts",
                    partial(snooze, next_slot=True)))
    return entries


class ReminderDesk:
    """The reminder service driven by the app's timers; see the module docstring."""

    def __init__(self, app: ReminderHost, service: ReminderService) -> None:
        self.app = app
        self.service = service
        self.last: Delivery | None = None
        """The latest single reminder shown: what snooze and done act on (None after acting)."""
        self.armed_for: datetime | None = None
        """The instant (UTC) the next-reminder timer is set to; None when nothing is pending."""
        self._timer: Timer | None = None
        self._closed = False

    @classmethod
    def start(cls, app: ReminderHost) -> None:
        """Once the store and settings are loaded: create the service on them, deliver what is due
        now, arm the timers (`app.reminders`; stays None without a store)."""
        from smm_tui.reminders.service import ReminderService

        if app.store is None or app.settings is None or app.reminders is not None:
            return
        desk = app.reminders = cls(app, ReminderService(app.store, app.settings, app.clock))
        app.start_service(desk.check, every=desk.service.check_seconds, name="reminders")
        desk.check()

    # --- timers -------------------------------------------------------------------------

    def check(self, now: datetime | None = None) -> list[Delivery]:
        """Show what is due at `now` (default: the clock), then re-arm; what both timers call."""
        if self._closed:
            return []
        now = now or self.app.clock.now()
        try:
            delivered = self.service.poll(now)
        except SmmError as exc:  # the service reports its own file problems; this is a last resort
            self.app.notify(f"Reminders: {exc}", severity="error", timeout=15, markup=False)
            delivered = []
        for index, delivery in enumerate(delivered):
            self._show(delivery, ring=index == 0)
        if delivered and self.service.notifier.argv:
            for delivery in delivered:
                self.app.run_worker(partial(self.service.notify, delivery), name="notify", group="notify",
                                    thread=True, exit_on_error=False)
        self.report_problems()
        self.rearm(now)
        return delivered

    def rearm(self, now: datetime | None = None) -> None:
        """Set the one-shot timer to the next reminder (after a poll, or when the day changed)."""
        if self._closed:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        now = now or self.app.clock.now()
        try:
            wake = self.service.next_wake(now)
        except SmmError:
            wake = None  # reported by the next poll; the coarse check keeps going meanwhile
        self.armed_for = wake
        if wake is not None:
            delay = max(0.0, (wake - now).total_seconds()) + SLACK
            self._timer = self.app.set_timer(delay, self._fire, name="reminder-next")

    def _fire(self) -> None:
        self._timer = None
        self.check()

    def report_problems(self) -> None:
        """Show the service's new problems (broken state file, failing notify_command), once each."""
        for problem in self.service.problems():
            self.app.notify(problem, title="Reminders", severity="warning", timeout=20, markup=False)

    def close(self) -> None:
        """On exit: stop the timer and save the record, so the next start knows what was missed."""
        if self._closed:
            return
        self._closed = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.service.close()

    # --- showing ----------------------------------------------------------------------------

    def _show(self, delivery: Delivery, *, ring: bool) -> None:
        if delivery.is_digest:
            items = delivery.items()
            lines = items[:DIGEST_LINES]
            if len(items) > DIGEST_LINES:
                lines.append(f"… and {len(items) - DIGEST_LINES} more")
            count = delivery.missed_count
            lines.append(f"({count} reminder{'' if count == 1 else 's'} in all; tick them off in the timeline)")
            self.show(delivery.title, "\n".join(lines), heading="Reminder digest",
                      timeout=DIGEST_TIMEOUT, ring=ring, severity="information")
            return
        reminder = delivery.reminder
        self.last = delivery
        self.show(delivery.title, delivery.body, hint=self.key_hint(), task=(reminder.day, reminder.task_id),
                  heading=f"Reminder: {KIND_WORDS.get(reminder.kind, reminder.kind)} ({reminder.kind})",
                  timeout=REMINDER_TIMEOUT, ring=ring)
        self.app.days.flash(reminder.day, reminder.task_id)

    def show(self, title: str, body: str = "", *, severity: SeverityLevel = "warning", timeout: float = 30,
             heading: str = "Reminder", ring: bool = True, hint: str = "",
             task: tuple[date, str] | None = None) -> None:
        """Show a reminder note (ui/notices.py) and ring the bell when `ring` and config says so.

        Text is shown literally (never markup); newlines in `body` separate its
        lines, every other control character (and any in `title`) is escaped.
        `hint` names the keys that act on it; `task` (day, task id) is the slot
        it reminds of, so the note goes once that is answered (None: a digest).
        """
        lines = [printable(line) for line in body.split("\n")] if body else []
        self.app.notices.reminder(printable(heading), printable(title), lines, hint=hint, task=task,
                                  seconds=timeout, severity=severity)
        if ring and (self.app.settings is None or self.app.settings.bell):
            self.app.bell()

    def key_hint(self) -> str:
        """'z snooze · D done' with the keys in effect ([keymap] may remap them)."""
        from smm_tui.ui.commands import command_by_id
        from smm_tui.ui.screens.help import key_label

        snooze = key_label(self.app.keymap_keys(command_by_id("reminder.snooze")))
        done = key_label(self.app.keymap_keys(command_by_id("reminder.done")))
        return f"{snooze} snooze · {done} done"

    # --- acting on the last reminder -----------------------------------------------------------

    def target(self, verb: str) -> Delivery | None:
        """The reminder `verb` acts on, or None after saying there is none."""
        if self.last is None:
            self.app.notify(f"No reminder to {verb} (reminders show here as they fall due).", markup=False)
        return self.last

    def snooze(self, minutes: int | None = None, *, next_slot: bool = False) -> bool:
        """Snooze the last reminder for `minutes` or until the next slot; it comes back once, then."""
        delivery = self.target("snooze")
        if delivery is None:
            return False
        now = self.app.clock.now()
        try:
            until = self.service.snooze(delivery, minutes, next_slot=next_slot, now=now)
        except UsageError as exc:
            self.app.notify(f"Not snoozed: {exc}", severity="warning", markup=False)
            return False
        self.last = None
        self.app.notices.answered(delivery.reminder.day, delivery.reminder.task_id)
        local = until.astimezone(zone(self.app.clock.zone_name()))
        self.app.notify(f"Snoozed until {local:%H:%M}: {delivery.title}", markup=False)
        self.report_problems()
        self.rearm(now)
        return True

    def done(self) -> bool:
        """Tick off the last reminder's slot (undoable, like space); it reminds no more."""
        delivery = self.target("tick off")
        if delivery is None:
            return False
        from smm_tui.core.history import SetStatus

        reminder = delivery.reminder
        operation = SetStatus(reminder.task_id, "done", self.app.clock.now(), label=reminder.title)
        if not self.app.apply_operation(operation, day=reminder.day):
            return False
        self.last = None  # the app's reload re-armed the timer: the slot reminds no more
        self.app.notices.answered(reminder.day, reminder.task_id)
        return True

    def ask_snooze(self, next_slot_label: str) -> None:
        """`z`: ask how long to snooze the last reminder (a choice of `snooze_minutes` or the next slot)."""
        if self.target("snooze") is None:
            return
        from smm_tui.ui.screens.snooze import NEXT_SLOT, SnoozeScreen

        def chosen(choice: int | str | None) -> None:
            if choice == NEXT_SLOT:
                self.snooze(next_slot=True)
            elif isinstance(choice, int):
                self.snooze(choice)

        self.app.push_screen(SnoozeScreen(self.title_of_last(), self.snooze_choices(), next_slot_label), chosen)

    def day_shown(self, day: date, timeline: Timeline | None) -> None:
        """A (new version of a) day is on screen: a reminder whose slot is no longer open is answered."""
        if timeline is None:
            return
        open_ids = {entry.id for entry in timeline.entries if entry.is_open()}
        last = self.last.reminder if self.last is not None else None
        if last is not None and last.day == day and last.task_id not in open_ids:
            self.last = None
        self.app.notices.keep_open(day, open_ids)

    def snooze_choices(self) -> tuple[int, ...]:
        return self.service.snooze_choices

    def title_of_last(self) -> str:
        return printable(self.last.title) if self.last is not None else ""
