"""Reminder notes: the reminders on screen, each until it is answered or its time is up.

Reminders used to be Textual toasts, which the app cannot take back: a
toast stayed its 30 s after the reminder was snoozed (z) or done (D) and
still offered "z snooze · D done", toasts covered an open form, and at
80x24 one reminder covered half the screen. Notes are ours:

- a note goes as soon as its reminder is answered: snoozed, done with D,
  or its slot ticked off any other way (space, `smm-tui done` outside);
- only the note the keys act on (the latest single reminder) shows the key
  hint; an older one loses it when a newer reminder arrives;
- they live on the day screen, so a dialog opened on top covers them, never
  the other way round; a note's time starts only once the day screen is
  the active one, so a reminder that came while a form was open is still
  there when the form closes;
- compact: one line per line of text, cut to the note's width, at most a
  few lines of a digest on a short terminal.

Mounted on the day screen after the first frame, like the footer.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len, set_cell_size
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from smm_tui.core.text import printable

NARROW = 100
"""Below this terminal width notes are narrower and a digest shows fewer lines."""


def _cut(line: str, width: int) -> str:
    return line if cell_len(line) <= width else set_cell_size(line, max(0, width - 1)) + "…"


class ReminderNote(Static):
    """One reminder (or digest): heading, title, body lines and, while the keys act on it, the hint."""

    DEFAULT_CSS = """
    ReminderNote { width: 52; height: auto; padding: 0 1; margin-top: 1;
        background: $panel; color: $foreground; border-left: outer $warning; }
    ReminderNote.-information { border-left: outer $accent; }
    """

    def __init__(self, heading: str, title: str, body: list[str], *, hint: str = "", task: tuple[date, str] | None,
                 seconds: float, digest: bool = False) -> None:
        super().__init__("", markup=False, classes="-digest" if digest else "")
        self.heading, self.subject, self.body, self.hint = heading, title, body, hint
        self.slot = task
        """(day, task id) the note reminds of; None for a digest."""
        self.seconds = seconds
        self.active = False
        """Start the note's time as soon as it is mounted (the day screen is the active one)."""
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        if self.active:
            self.start_clock()

    @property
    def said(self) -> str:
        """What the note says, line by line, uncut (tests)."""
        return "\n".join(line for line in (self.heading, self.subject, *self.body, self.hint) if line)

    def drop_hint(self) -> None:
        """The keys act on a newer reminder now: stop offering them here."""
        if self.hint:
            self.hint = ""
            self.refresh(layout=True)

    def start_clock(self) -> None:
        """Start the note's time (once, when the day screen is the active screen)."""
        if self._timer is None:
            self._timer = self.set_timer(self.seconds, self.remove, name="reminder-note")

    def render(self) -> Content:
        width = max(10, self.content_region.width or self.size.width or 40)
        lines = [Content.styled(_cut(printable(self.heading), width), "bold $warning"),
                 Content.styled(_cut(printable(self.subject), width), "bold")]
        lines += [Content(_cut(printable(line), width)) for line in self.body]
        if self.hint:
            lines.append(Content.styled(_cut(self.hint, width), "$text-muted"))
        return Content("\n").join(lines)


class ReminderNotes(Vertical):
    """The stack of reminder notes, bottom right of the day screen, newest at the bottom."""

    DEFAULT_CSS = """
    ReminderNotes { layer: notes; dock: bottom; width: auto; height: auto; max-height: 80%;
        margin: 0 1 2 0; }
    ReminderNotes.-narrow > ReminderNote { width: 40; }
    ReminderNotes > ReminderNote:first-child { margin-top: 0; }
    """

    MAX_NOTES = 3
    """Older notes beyond this many go (the timeline still marks their slots)."""

    @property
    def notes(self) -> list[ReminderNote]:
        return list(self.query_children(ReminderNote))

    def fit(self, width: int, height: int) -> None:
        """Narrower notes and shorter digests on a small terminal; the stack sits bottom right.

        The stack is as wide as its notes (a wider one would blank the timeline beside
        them), so the left margin puts it at the right edge.
        """
        narrow = width < NARROW
        self.set_class(narrow, "-narrow")
        self.digest_lines = 2 if height < 30 else 6
        note_width = 40 if narrow else 52
        self.styles.margin = (0, 1, 2, max(0, width - note_width - 1))

    digest_lines = 6
    """How many lines of a digest fit (fewer on a short terminal)."""

    def add(self, note: ReminderNote, *, active: bool) -> None:
        """Show `note` below the others; start its time now when the day screen is active."""
        self.fit(*self.app.size)
        if note.hint:
            for older in self.notes:
                older.drop_hint()
        if len(note.body) > self.digest_lines and note.slot is None:
            rest = len(note.body) - self.digest_lines + 1
            note.body = [*note.body[: self.digest_lines - 1], f"… and {rest} more lines"]
        for old in self.notes[: max(0, len(self.notes) - self.MAX_NOTES + 1)]:
            old.remove()
        note.active = active
        self.mount(note)

    def start_clocks(self) -> None:
        """The day screen is the active one again: every note's time runs from now."""
        for note in self.notes:
            note.start_clock()

    def answered(self, day: date, task_id: str) -> None:
        """The reminder for this slot was answered (snoozed, done): its notes go."""
        for note in self.notes:
            if note.slot == (day, task_id):
                note.remove()

    def keep_open(self, day: date, open_ids: set[str]) -> None:
        """Notes of `day` whose slot is no longer open (ticked, skipped, deleted) go."""
        for note in self.notes:
            if note.slot is not None and note.slot[0] == day and note.slot[1] not in open_ids:
                note.remove()
