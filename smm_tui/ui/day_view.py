"""The day on screen: which day it is, its state as read from the store, and keeping it current.

The app owns one `DayView`. It reads the day (ui/loading.py), hands it down
to the day screen (`DayScreen.show`), notices outside edits (a signature of
the day file, polled about once a second), follows the clock to the next day
at midnight when the user is on today, and shows what a change did (an
`Outcome` of core/changes.py): reload, move to the day an undo touched, put
the cursor on a new task, one status line.

It drives the app through the `DayHost` Protocol and never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.ui.loading import DayState, read_day, signature

if TYPE_CHECKING:
    from textual.screen import Screen

    from smm_tui.config import Settings
    from smm_tui.core.changes import ChangeController, Outcome, Place
    from smm_tui.core.clock import Clock
    from smm_tui.core.history import Operation
    from smm_tui.core.store import Store
    from smm_tui.ui.reminder_desk import ReminderDesk
    from smm_tui.ui.screens.day import DayScreen
    from smm_tui.ui.sync_desk import SyncDesk

PROBLEM_HINT = "Nothing is saved to this day until the file is fixed (smm-tui check; backups/). [ ] other days"
STORE_HINT = "Nothing can be loaded or saved until this is fixed; then restart smm-tui."


class DayHost(Protocol):
    """What the day view reads from the app."""

    store: Store | None
    settings: Settings | None
    settings_problem: str
    config_path: Path
    clock: Clock
    reminders: ReminderDesk | None
    syncing: SyncDesk | None
    changes: ChangeController | None

    @property
    def day_screen(self) -> DayScreen: ...

    @property
    def screen(self) -> Screen[Any]: ...

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...

    def day_opened(self, day: date) -> None:
        """Another day is on screen now (the carry-over offer looks whether it is today)."""
        ...


class DayView:
    """The day shown, its last read state, and the rules for keeping it current."""

    def __init__(self, host: DayHost, day: date, *, follow_today: bool) -> None:
        self.host = host
        self.day = day
        self.follow_today = follow_today
        """Roll over to the new day at midnight (only when the user is on today)."""
        self.state: DayState | None = None
        """The day as last read (None until the store is ready)."""

    def read(self, day: date) -> DayState:
        host = self.host
        assert host.store is not None
        return read_day(host.store, host.settings, day, host.config_path, snapshot_ok=not host.settings_problem)

    def reload(self, *, announce: str = "", focus_now: bool = False) -> None:
        self.show(self.read(self.day), announce=announce, focus_now=focus_now)

    def blocked(self) -> str:
        """Why no change can be saved now ('' when one can)."""
        if self.host.store is None:
            return "Changes cannot be saved: the data dir could not be opened."
        if self.state is not None and self.state.problem:
            return "This day's file has a problem; fix it (or restore a backup) before changing it."
        return ""

    def can_change(self) -> bool:
        """True when changes can be saved now; otherwise says why (one error notification)."""
        if blocked := self.blocked():
            self.host.notify(blocked, severity="error", markup=False)
        return not blocked

    def show(self, state: DayState, *, announce: str = "", focus_now: bool = False) -> None:
        """Take `state` as the day's latest version and show it when it is the day on screen."""
        host = self.host
        self.state = state
        if host.reminders is not None:
            host.reminders.rearm()  # the day changed (here or outside): its reminders may have moved
            host.reminders.day_shown(state.day, state.timeline)  # answered by a tick: its note goes
        if host.syncing is not None:
            host.syncing.days_changed()  # what is pending for the server may have changed
        if state.day != self.day:
            return
        if announce:
            host.notify(announce, markup=False)
        if state.problem:
            host.notify(state.problem, title="Cannot open this day", severity="error", timeout=15, markup=False)
        host.day_screen.show(state.timeline, host.clock.now(), day=state.day, model=state.model,
                             problem=state.problem, hint=PROBLEM_HINT if state.problem else "",
                             blocked=self.blocked(), focus_now=focus_now)

    def show_store_problem(self, problem: str) -> None:
        """The data dir could not be opened: say so where the day would be."""
        self.host.day_screen.show(None, self.host.clock.now(), day=self.day, problem=problem,
                                  hint=STORE_HINT, blocked=self.blocked())

    def open(self, day: date, *, follow_today: bool | None = None, focus_now: bool = True) -> None:
        """Show another day (keys [ ] t; undo of a change made on another day; midnight)."""
        self.day = day
        self.follow_today = day == self.host.clock.now().date() if follow_today is None else follow_today
        if self.host.store is None:
            self.show_store_problem(self.state.problem if self.state else "no data dir")
            return
        self.show(self.read(day), focus_now=focus_now)
        self.host.day_opened(day)

    def step(self, days: int) -> None:
        """Show the day `days` after the one on screen; 0: today (keys [ ] t)."""
        self.open(self.day + timedelta(days=days) if days else self.host.clock.now().date())

    def jump(self, day: date, task_id: str) -> None:
        """Show `day` with the cursor on `task_id` (a search result); a filter hiding it is cleared."""
        if day != self.day:
            self.open(day, focus_now=False)
        screen = self.host.day_screen
        if task_id not in screen.timeline_view.entry_ids and screen.query_text:
            screen.action_clear_filter()
        if task_id in screen.timeline_view.entry_ids:
            screen.timeline_view.select(task_id)
        else:
            self.host.notify(f"That task is no longer on {day} (changed since the index saw it).",
                             severity="warning", markup=False)

    def poll(self, announce: str = "The day file changed outside smm-tui: reloaded.") -> None:
        """Reload when the day's file changed on disk (an editor, `smm-tui done`, a sync round, ...)."""
        if self.host.store is not None and self.state is not None \
                and signature(self.host.store, self.day) != self.state.signature:
            self.reload(announce=announce)

    def tick(self) -> None:
        """Re-read the clock: move the now line, update countdowns, roll over at midnight."""
        now = self.host.clock.now()
        if self.follow_today and now.date() != self.day:
            self.open(now.date(), follow_today=True)
        else:
            self.host.day_screen.refresh_time(now)

    def apply(self, operation: Operation, day: date | None = None) -> bool:
        """Apply one change (to `day`, default the one on screen) and show what it did."""
        if not self.can_change():
            return False
        assert self.host.changes is not None
        return self.show_outcome(self.host.changes.apply(day or self.day, operation))

    def move(self, task_ids: tuple[str, ...], source: date, target: date, *, at: time | None = None,
             place: Place | None = None) -> bool:
        """Move tasks to another day and/or time (one undo step); the view stays on its day."""
        if not self.can_change():
            return False
        assert self.host.changes is not None
        return self.show_outcome(self.host.changes.move(source, target, task_ids, at=at, place=place))

    def undo(self, *, redo: bool = False) -> None:
        """Undo (or redo) the last change, on whatever day it was made, and show that day."""
        if self.can_change():
            assert self.host.changes is not None
            self.show_outcome(self.host.changes.redo() if redo else self.host.changes.undo())

    def show_outcome(self, outcome: Outcome) -> bool:
        """Show what a change did: the day it touched, the cursor on a new task, one status line."""
        if outcome.follow and outcome.day is not None and outcome.day != self.day:
            self.open(outcome.day, focus_now=False)  # an undo on another day: show that day
        elif outcome.reload:
            self.reload()
        if outcome.select is not None and outcome.day == self.day:
            self.host.day_screen.timeline_view.select(outcome.select)  # the cursor follows a new task
        self.host.notify(outcome.message, severity=outcome.severity, timeout=15 if outcome.long else None,
                         markup=False)
        return outcome.saved

    def refresh_snapshot(self) -> None:
        """Read the day again so that its snapshot matches a changed config.toml (the next start is fast)."""
        if self.state is not None and self.state.timeline is not None and self.host.store is not None:
            self.read(self.state.day)

    def flash(self, day: date, task_id: str) -> None:
        """Flash a slot when `day` is on screen (a reminder for it came)."""
        if day == self.day:
            self.host.day_screen.timeline_view.flash(task_id)

    def on_top(self, open_dialog: Callable[[], object]) -> Callable[[], None]:
        """`open_dialog`, run only if the day screen is still on top when the request is handled.

        A request is handled after the keys already queued behind it; if one of
        those opened another screen first (the palette, help), a dialog opened
        now would land on top of it - and ctrl+p, which looks only at the top
        screen, would open a second palette. The later key wins.
        """
        def run() -> None:
            if self.host.screen is self.host.day_screen:
                open_dialog()

        return run
