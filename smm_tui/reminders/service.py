"""The reminder service: engine + store + clock + settings, for the TUI and `smm-tui remind`.

No textual here: the TUI and the headless loop (smm_tui.reminders.loop) both
drive this one object. How the TUI wires it (the loop does the same):

    service = ReminderService(store, settings, clock)
    # on mount, and again after every tick:
    timer = app.set_timer(service.sleep_seconds(), tick)      # the next reminder (or the coarse check)
    app.set_interval(settings.reminders.check_seconds, tick)  # notices outside edits, suspend, clock jumps
    def tick():
        for delivery in service.poll():           # due now; already recorded as fired
            toast(delivery.title, delivery.body); flash(delivery.reminder.day, delivery.reminder.task_id)
            app.run_worker(partial(service.notify, delivery), thread=True)   # notify_command may block
        for problem in service.problems():        # one-line warnings, each reported once
            warn(problem)
    # keys on a toast: service.snooze(delivery, 10) / service.snooze(delivery, next_slot=True)
    #                  service.mark_done(delivery.reminder)
    # on exit: service.close()

Time comes from the injected clock; every method also takes an explicit
`now` so tests (and `smm-tui remind --once --at`) can ask about any instant.
Not thread-safe except `notify` and `problems`: call the rest from one thread.

State: what fired and what is snoozed lives in `<data dir>/state/reminders.toml`
(app-owned). Every change is a read-modify-write under the store lock that
merges (unions) what other processes recorded, and a reminder is claimed
under that lock before it is delivered - so with the TUI and `smm-tui remind`
running at once each reminder appears in exactly one of them. Entries older
than KEEP_DAYS are pruned. A state file that cannot be read is renamed
aside (`reminders.toml.broken-<stamp>`, kept for the user), reported once,
and a fresh one is started; this process's own record is kept in memory, so
nothing it already delivered repeats. Failures to save are reported once;
reminders keep being delivered from the in-memory record meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from smm_tui.core.errors import DataError, SmmError, UsageError
from smm_tui.core.outside_edits import signature
from smm_tui.core.timeline import Timeline, build
from smm_tui.core.wallclock import check_date, zone
from smm_tui.reminders.deliveries import Delivery, deliveries
from smm_tui.reminders.engine import Batch, Record, Reminder, Rules, next_due, next_slot_start, snooze, step
from smm_tui.reminders.notify import Notifier

if TYPE_CHECKING:
    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.models import Day
    from smm_tui.core.store import Store

STATE = "reminders"
KEEP_DAYS = 2
HEADER = (
    "# smm-tui reminder state: which reminders fired and which are snoozed.\n"
    "# Written by smm-tui (app-owned); deleting it is safe - reminders of the\n"
    "# last few minutes may then be shown again.\n"
)


class ReminderService:
    """What the TUI's timers and `smm-tui remind` call; see the module docstring."""

    def __init__(self, store: Store, settings: Settings, clock: Clock, *, notifier: Notifier | None = None) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings
        self.rules = Rules.from_settings(settings)
        self.check_seconds = float(settings.reminders.check_seconds)
        self.snooze_choices: tuple[int, ...] = tuple(settings.reminders.snooze_minutes)
        self.notifier = notifier or Notifier(settings.notify_command, settings.reminders.notify_timeout)
        self._bands = settings.bands.starts()
        self._record = Record()
        self._loaded = False
        self._disk_signature: object = None
        self._timelines: dict[date, tuple[Day, Timeline]] = {}
        self._problems: list[str] = []
        self._problems_lock = threading.Lock()
        self._reported: dict[str, str] = {}
        self._unsaved = False

    # --- the API ---------------------------------------------------------------------

    def poll(self, now: datetime | None = None) -> list[Delivery]:
        """Reminders due at `now` (default: the clock), claimed and recorded so they never come again."""
        now = self._now(now)
        timelines = self._load_timelines(now)
        self._refresh()
        batch, record = step(timelines, self.rules, self._record, now)
        if batch:
            batch, record = self._claim(timelines, now)
            self._record = record
        else:
            self._record = record
            if self._unsaved:
                self._save(now)  # an earlier save failed: what fired then must reach the disk
        return deliveries(batch, self.clock.zone_name())

    def preview(self, now: datetime | None = None) -> list[Delivery]:
        """What `poll(now)` would deliver, without recording anything (`smm-tui remind --once --at`)."""
        now = self._now(now)
        timelines = self._load_timelines(now)
        self._refresh(repair=False)
        batch, _ = step(timelines, self.rules, self._record, now)
        return deliveries(batch, self.clock.zone_name())

    def next_wake(self, now: datetime | None = None) -> datetime | None:
        """The instant (UTC) of the next reminder after `now` among yesterday, today and tomorrow."""
        now = self._now(now)
        return next_due(self._load_timelines(now), self.rules, self._record, now)

    def sleep_seconds(self, now: datetime | None = None) -> float:
        """How long a timer may sleep: until the next reminder, at most the coarse check interval."""
        now = self._now(now)
        wake = self.next_wake(now)
        seconds = self.check_seconds
        if wake is not None:
            seconds = min(seconds, (wake - now).total_seconds())
        return max(0.0, seconds)

    def snooze(
        self, target: Delivery | Reminder, minutes: int | None = None, *, next_slot: bool = False,
        now: datetime | None = None,
    ) -> datetime:
        """Snooze a delivered reminder for `minutes`, or until the next slot starts; returns the new due instant.

        The reminder comes back then (once); the task's nags wait for it. A
        digest cannot be snoozed (it stands for many reminders). Done or skipped
        before then, it never comes back.
        """
        now = self._now(now)
        if isinstance(target, Delivery):
            if target.is_digest:
                raise UsageError("a 'missed while away' digest cannot be snoozed")
            target = target.reminder
        if next_slot:
            until = next_slot_start(self._load_timelines(now), now)
            if until is None:
                raise UsageError("there is no later slot today or tomorrow to snooze until")
        else:
            if minutes is None or minutes <= 0:
                raise UsageError(f"snooze minutes must be at least 1, got {minutes!r}")
            until = now + timedelta(minutes=minutes)
        self._refresh()
        self._record = snooze(self._record, target, until, now)
        self._save(now)
        return until

    def mark_done(self, reminder: Reminder, now: datetime | None = None) -> None:
        """Tick the reminder's task off (through the store): it never reminds again."""
        now = self._now(now)

        def change(day: Day) -> Day:
            try:
                task = day.task(reminder.task_id)
            except KeyError:
                raise UsageError(f"task {reminder.task_id} is no longer on {reminder.day}") from None
            return day if task.status == "done" else day.set_status(task.id, "done", now)

        self.store.update_day(reminder.day, change)

    def notify(self, delivery: Delivery) -> None:
        """Run notify_command for one delivery (may block up to notify_timeout: use a thread in the TUI)."""
        problem = self.notifier.send(delivery.fields())
        if problem:
            with self._problems_lock:
                self._problems.append(problem)

    def problems(self) -> list[str]:
        """New one-line problems since the last call (broken files, failed saves, failing notify_command)."""
        with self._problems_lock:
            out, self._problems = self._problems, []
        return out

    def close(self, now: datetime | None = None) -> None:
        """Save the record with the last instant polled, so the next start reports what was missed meanwhile.

        Not `now`: a reminder due between the last poll and now was not
        delivered, and must count as missed on the next start.
        """
        self._save(self._now(now))

    # --- internals ----------------------------------------------------------------------

    def _now(self, now: datetime | None) -> datetime:
        at = now if now is not None else self.clock.now()
        if at.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        return at

    def _local_date(self, now: datetime) -> date:
        return now.astimezone(zone(self.clock.zone_name())).date()

    def _report(self, topic: str, message: str) -> None:
        """Queue a problem unless the same one was already reported for this topic."""
        if self._reported.get(topic) != message:
            self._reported[topic] = message
            with self._problems_lock:
                self._problems.append(message)

    def _load_timelines(self, now: datetime) -> list[Timeline]:
        """Yesterday, today and tomorrow, re-read from disk (outside edits, `smm-tui done` elsewhere)."""
        today = self._local_date(now)
        out = []
        for offset in (-1, 0, 1):
            if (day := _neighbour(today, offset)) is None:
                continue  # beyond the first or last date smm-tui plans: nothing is due there
            try:
                loaded = self.store.load_day(day)
            except SmmError as exc:
                self._report(f"day {day}", f"{exc} (reminders for {day} are paused until this is fixed)")
                continue
            self._reported.pop(f"day {day}", None)
            cached = self._timelines.get(day)
            if cached is None or not (cached[0] is loaded or cached[0] == loaded):
                cached = (loaded, build(loaded, self._bands))
                self._timelines[day] = cached
            out.append(cached[1])
        for stale in [d for d in self._timelines if abs((d - today).days) > 1]:
            del self._timelines[stale]
        return out

    def _refresh(self, *, repair: bool = True) -> None:
        """Merge what other processes recorded (a cheap read when the file changed; no lock needed).

        A broken file is set aside and reported by the next locked write; with
        repair=False (a dry run) it is only reported, and nothing is written.
        """
        current = signature(self.store.state_path(STATE))
        if self._loaded and current == self._disk_signature:
            return
        try:
            disk = Record.from_doc(self.store.read_state(STATE))
        except (DataError, ValueError) as exc:
            if repair:
                self._save(self._record.seen_until or self.clock.now())
            else:
                reason = str(exc) if isinstance(exc, DataError) else f"{self.store.state_path(STATE)}: {exc}"
                self._report("state", f"{reason} (the reminder state cannot be read; assuming nothing fired)")
            return
        if not self._loaded:
            self._record = Record(self._record.fired, self._record.snoozed, disk.seen_until)
            self._loaded = True
        self._record = self._record.merge(disk)
        self._disk_signature = current

    def _merge_doc(self, doc: dict[str, Any], now: datetime) -> Record:
        """Our record united with the one on disk, pruned; ValueError when the document is malformed."""
        merged = self._record.merge(Record.from_doc(doc))
        return merged.pruned(self._local_date(now) - timedelta(days=KEEP_DAYS))

    def _write(self, change: Any) -> bool:
        """Run a locked read-modify-write of the state; report (once) and return False on failure."""
        try:
            aside = self.store.update_state(STATE, change, HEADER, set_aside_broken=True)
        except SmmError as exc:
            self._report("save", f"{exc} (reminders go on; what fired is kept in memory meanwhile)")
            self._unsaved = True
            return False
        self._reported.pop("save", None)
        self._unsaved = False
        self._loaded = True
        if aside is not None:
            self._report("set aside", (
                f"{aside.reason}: the reminder state could not be read; it was moved to {aside.path} "
                f"and a fresh one was started (reminders of the last few minutes may be shown again)"
            ))
        self._disk_signature = signature(self.store.state_path(STATE))
        return True

    def _save(self, now: datetime) -> None:
        def change(doc: dict[str, Any]) -> dict[str, Any]:
            self._record = self._merge_doc(doc, now)
            return self._record.to_doc()

        self._write(change)

    def _claim(self, timelines: Sequence[Timeline], now: datetime) -> tuple[Batch, Record]:
        """Step again under the lock on the merged record: only what no other process took is ours."""
        result: list[tuple[Batch, Record]] = []

        def change(doc: dict[str, Any]) -> dict[str, Any]:
            merged = self._merge_doc(doc, now)
            result[:] = [step(timelines, self.rules, merged, now)]
            return result[0][1].to_doc()

        if self._write(change) and result:
            return result[0]
        return step(timelines, self.rules, self._record, now)


def _neighbour(day: date, offset: int) -> date | None:
    """The day `offset` days away, None when it is outside the dates smm-tui plans."""
    try:
        return check_date(day + timedelta(days=offset))
    except (OverflowError, ValueError):
        return None
