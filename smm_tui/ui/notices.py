"""Where the app's messages go: the status line, a reminder note, or a toast.

- Routine confirmations (severity "information": "Done: ...", "Undone: ...",
  "Saved: ...", "Exported ... to ...") go to the status line, one at a
  time, the latest replacing the last (widgets/status_line.py). Five quick
  ticks used to stack five toasts over a dozen rows of the timeline.
- Reminders are notes on the day screen that go when answered
  (widgets/reminder_notes.py).
- Warnings and errors still toast - they need attention - but never over a
  dialog: while any screen other than the day screen is on top (the task
  form, the export dialog, help, the palette) they wait, and show when the
  day screen is back. A dialog reports its own problems inside itself.
- A view that stands in for the day (the week: a screen with `SHOWS_NOTICES`)
  shows confirmations in its own status line and toasts over itself.

`SmmApp.notify` hands every message here (on the app's thread: `notify` may
be called from a worker thread, as Textual allows), so Textual's own
notifications (a saved screenshot) follow the same rules.

Messages that arrive before the day screen has mounted its status line and
notes (they are mounted right after the first frame) are kept and shown then.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App

from smm_tui.ui.screens.day import DayScreen

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from smm_tui.ui.widgets.reminder_notes import ReminderNote, ReminderNotes
    from smm_tui.ui.widgets.status_line import StatusLine


class Toast:
    """A warning or error waiting for the day screen to be on top again."""

    __slots__ = ("message", "title", "severity", "timeout", "markup")

    def __init__(self, message: str, title: str, severity: SeverityLevel, timeout: float | None,
                 markup: bool) -> None:
        self.message, self.title, self.severity, self.timeout, self.markup = message, title, severity, timeout, markup


class Notices:
    """The app's message router (see module docstring)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._deferred: list[Toast] = []
        self._status: tuple[str, str, float | None] | None = None
        """The latest confirmation that came before the status line was mounted."""
        self._notes: list[ReminderNote] = []
        """Reminder notes that came before the notes container was mounted."""

    # --- what the day screen mounts -------------------------------------------------------

    def _day_screen(self) -> DayScreen | None:
        screens = [screen for screen in self.app.screen_stack if isinstance(screen, DayScreen)]
        return screens[0] if screens else None

    def _view_on_top(self) -> Screen[Any] | None:
        """A view with its own status line on top (the week: `SHOWS_NOTICES`), else None."""
        try:
            screen = self.app.screen
        except Exception:  # noqa: BLE001 - no screen yet (start-up) or any more (exit)
            return None
        return screen if getattr(screen, "SHOWS_NOTICES", False) else None

    def _status_line(self) -> StatusLine | None:
        screen = self._view_on_top() or self._day_screen()
        if screen is None:
            return None
        found = screen.query("StatusLine")
        return found.first() if found else None  # type: ignore[return-value]

    def _note_rack(self) -> ReminderNotes | None:
        screen = self._day_screen()
        if screen is None:
            return None
        found = screen.query("ReminderNotes")
        return found.first() if found else None  # type: ignore[return-value]

    def _day_screen_on_top(self) -> bool:
        try:
            return isinstance(self.app.screen, DayScreen)
        except Exception:  # noqa: BLE001 - no screen yet (start-up) or any more (exit): nothing is on top
            return False

    def mounted(self) -> None:
        """The day screen has mounted its status line and notes: show what came before."""
        if self._status is not None:
            message, severity, seconds = self._status
            self._status = None
            self.say(message, severity=severity, seconds=seconds)
        notes, self._notes = self._notes, []
        for note in notes:
            self._add_note(note)

    def screen_resumed(self) -> None:
        """The day screen is on top again (a dialog closed): start notes' time, show waiting toasts."""
        rack = self._note_rack()
        if rack is not None:
            rack.start_clocks()
        toasts, self._deferred = self._deferred, []
        for toast in toasts:
            self._toast(toast)

    # --- routing -------------------------------------------------------------------------------

    def post(self, toast: Toast) -> None:
        """Route one message (what `SmmApp.notify` calls, on the app's thread)."""
        if toast.severity == "information":
            text = f"{toast.title}: {toast.message}" if toast.title else toast.message
            self.say(text, seconds=toast.timeout)
        elif self._day_screen_on_top() or self._view_on_top() is not None:
            self._toast(toast)
        else:
            self._deferred.append(toast)

    def _toast(self, toast: Toast) -> None:
        App.notify(self.app, toast.message, title=toast.title, severity=toast.severity, timeout=toast.timeout,
                   markup=toast.markup)

    def say(self, message: str, *, severity: str = "information", seconds: float | None = None) -> None:
        """Show a confirmation in the status line (the latest one replaces the last)."""
        line = self._status_line()
        if line is None:
            self._status = (message, severity, seconds)
            return
        self._status = None  # a message held back before the mount is older: its replay must not cover this one
        line.say(message, severity=severity, seconds=seconds)

    @property
    def status_text(self) -> str:
        """What the status line says now ('' when clear; tests)."""
        line = self._status_line()
        if line is None:
            return self._status[0] if self._status is not None else ""
        return line.message

    # --- reminder notes ---------------------------------------------------------------------------

    def reminder(self, heading: str, title: str, body: list[str], *, hint: str, task: tuple[date, str] | None,
                 seconds: float, severity: str) -> None:
        """Show a reminder note (`task` None: a digest, which no key acts on)."""
        from smm_tui.ui.widgets.reminder_notes import ReminderNote

        note = ReminderNote(heading, title, body, hint=hint, task=task, seconds=seconds, digest=task is None)
        note.add_class(f"-{severity}")
        self._add_note(note)

    def _add_note(self, note: ReminderNote) -> None:
        rack = self._note_rack()
        if rack is None:
            if note.hint:
                for older in self._notes:
                    older.drop_hint()
            self._notes.append(note)
            return
        rack.add(note, active=self._day_screen_on_top())

    @property
    def reminder_texts(self) -> list[str]:
        """The text of every reminder note on the day screen, oldest first (tests)."""
        rack = self._note_rack()
        notes = rack.notes if rack is not None else self._notes
        return [note.said for note in notes if note.is_attached or rack is None]

    def answered(self, day: date, task_id: str) -> None:
        """The reminder for this slot was snoozed or done: its note goes."""
        self._notes = [note for note in self._notes if note.slot != (day, task_id)]
        rack = self._note_rack()
        if rack is not None:
            rack.answered(day, task_id)

    def keep_open(self, day: date, open_ids: set[str]) -> None:
        """Notes of `day` whose slot is no longer open (ticked, skipped, deleted, outside too) go."""
        self._notes = [note for note in self._notes
                       if note.slot is None or note.slot[0] != day or note.slot[1] in open_ids]
        rack = self._note_rack()
        if rack is not None:
            rack.keep_open(day, open_ids)
