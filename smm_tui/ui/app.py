"""SmmApp: wiring of store, settings, clock, themes, history and the day screen.

Start-up in two steps (see ui/startup.py and benchmarks/first_paint.py):
1. The constructor takes the day's timeline from its snapshot, the theme from
   its cache and the keymap from config.toml - no pydantic - so the first
   frame is as fast as a blank Textual app.
2. After that frame a thread worker validates config and themes, opens the
   store and loads the day (pydantic), and `_loaded` swaps the validated day
   in. Changes pressed before then wait in a queue and run in order once the
   store is ready (`when_ready`). Tests pass a `store` to the constructor and
   get the same steps run synchronously.

Every change goes through `Store.update_day` as an undoable operation
(ui/history.py) and is on disk before the screen says so; a failed save is
shown and nothing in memory pretends it worked. The open day file is polled
about once a second, so outside edits show up within 2 s; a clock timer moves
the now line and rolls over at midnight. All time comes from `clock`.

Reminders (ui/reminders.py) and the export dialog (ui/screens/export.py) are
imported only once the store is ready or the dialog is opened: neither the
reminder service nor the export package is part of the first frame.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from smm_tui.core import snapshot
from smm_tui.core.clock import Clock
from smm_tui.core.text import long_date, printable
from smm_tui.core.timeline import Timeline
from smm_tui.ui.commands import APP_COMMANDS, Command, SmmCommands, all_commands, bindings
from smm_tui.ui.screens.day import DayScreen
from smm_tui.ui.startup import QuickStart, quick_start
from smm_tui.ui.themes import DEFAULT_THEME, to_textual, variable_defaults

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from smm_tui.config import Settings
    from smm_tui.core.errors import Problem
    from smm_tui.core.models import Day, Status
    from smm_tui.core.store import Store
    from smm_tui.core.timeline import BandStarts, Entry
    from smm_tui.ui.history import History, Operation, Step
    from smm_tui.ui.notices import Notices
    from smm_tui.ui.reminders import ReminderDesk
    from smm_tui.ui.widgets.filter_bar import FilterInput

Signature = tuple[Any, ...]


class DayState:
    """One day as read from the store: its timeline, or the one-line problem with its file.

    (Plain classes here rather than dataclasses: class creation is start-up time.)
    """

    __slots__ = ("day", "timeline", "problem", "signature", "model")

    def __init__(self, day: date, timeline: Timeline | None, problem: str, signature: Signature,
                 model: Day | None = None) -> None:
        self.day = day
        self.timeline = timeline
        self.problem = problem
        self.signature = signature
        self.model = model


class Loaded:
    """What the start-up worker validated."""

    def __init__(self, settings: Settings, settings_problem: str = "") -> None:
        self.settings = settings
        self.settings_problem = settings_problem
        self.store: Store | None = None
        self.store_problem = ""
        self.themes: dict[str, dict[str, Any]] = {}
        self.theme_failures: list[Problem] = []
        self.state: DayState | None = None


class SmmApp(App[None]):
    """The smm-tui day planner.

    Args:
        data_dir: The data directory (see `smm-tui paths`).
        config_path: config.toml (may not exist).
        clock: The only source of "now" (tests pass a FrozenClock).
        day: The day to open (default: today by `clock`).
        store: An opened Store; when given, settings, themes and the day are
            loaded right here in the constructor (tests, embedding). When None,
            the first frame comes from the caches and a worker loads the rest.
        settings: Validated settings to use instead of reading `config_path`.
        cursor_blink: False keeps text cursors still (stable snapshots).
    """

    CSS_PATH = "app.tcss"
    TITLE = "smm-tui"
    COMMANDS: ClassVar = App.COMMANDS | {SmmCommands}
    BINDINGS: ClassVar = bindings(APP_COMMANDS)
    NOTIFICATION_TIMEOUT = 6

    POLL_SECONDS = 1.0
    """How often the open day file is checked for outside edits (target: noticed within 2 s)."""
    TICK_SECONDS = 15.0
    """How often the clock is read for the now line, countdowns, overdue marks and midnight."""

    def __init__(self, data_dir: Path, config_path: Path, clock: Clock, *, day: date | None = None,
                 store: Store | None = None, settings: Settings | None = None,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.config_path = Path(config_path)
        self.clock = clock
        self.cursor_blink = cursor_blink
        now = clock.now()
        self.day: date = day or now.date()
        self.follow_today = self.day == now.date()
        """Roll over to the new day at midnight (only when the user is on today)."""
        self.store: Store | None = None
        self.settings: Settings | None = settings
        self.settings_problem = ""
        self._history: History | None = None
        self.ready = False
        """True once settings, store and the validated day are loaded."""
        self.state: DayState | None = None
        self._pending: list[Callable[[], object]] = []
        self._theme_docs: dict[str, dict[str, Any]] = {}
        self._day_screen: DayScreen | None = None
        self._preloaded: Loaded | None = None
        self._notices: Notices | None = None
        self.reminders: ReminderDesk | None = None
        """The reminder service on this app's timers (ui/reminders.py); None until the store is ready."""
        self.export_folder: Path | None = None
        """The folder of the last export in this session (the dialog's next default)."""
        self.export_format = "svg"
        """The format of the last export in this session."""
        if store is None:
            quick = quick_start(self.data_dir, self.config_path, self.day)
            if quick.theme_doc is not None:
                self._register_theme_docs({quick.theme_name: quick.theme_doc})
                self._set_initial_theme(quick.theme_name)
            self._apply_keymap(quick.keymap, warn=False)
        else:
            # Given a store (tests, embedding): load everything now, so even the first frame
            # has the validated day and the configured theme.
            quick = QuickStart()
            self._preloaded = self._load(store)
            self._register_theme_docs(self._preloaded.themes)
            self._set_initial_theme(self._wanted_theme(self._preloaded.settings.theme))
        self._first_timeline = quick.timeline

    # --- public seams (reminders, export, tests) --------------------------------------

    @property
    def history(self) -> History:
        """Undo/redo across add, edit, delete, toggle and skip (created on first use)."""
        if self._history is None:
            from smm_tui.ui.history import History

            self._history = History()
        return self._history

    def now(self) -> datetime:
        """The current instant from the injected clock."""
        return self.clock.now()

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Run `callback` now if store and settings are loaded, else right after they are."""
        if self.ready:
            callback()
        else:
            self._pending.append(callback)

    def start_service(self, tick: Callable[[datetime], object], *, every: float = 1.0, name: str = "") -> None:
        """Call `tick(now)` every `every` seconds once store and settings are loaded.

        The seam for background services such as the reminder engine: `now`
        comes from the injected clock (tests drive a FrozenClock and call the
        service directly), and the timer is a Textual interval, so nothing busy-
        waits. Timers skip missed ticks: compare `now` with due times, never
        count ticks.
        """
        if every <= 0:
            raise ValueError("a service interval must be positive")
        self.when_ready(lambda: self.set_interval(every, lambda: tick(self.clock.now()), name=name or None))

    def show_reminder(self, title: str, body: str = "", *, severity: SeverityLevel = "warning",
                      timeout: float = 30, heading: str = "Reminder", ring: bool = True, hint: str = "",
                      task: tuple[date, str] | None = None) -> None:
        """Show a reminder note (ui/notices.py) and ring the bell when `ring` and config says so.

        Text is shown literally (never markup); newlines in `body` separate its
        lines, every other control character (and any in `title`) is escaped.
        `hint` names the keys that act on it; `task` (day, task id) is the slot
        it reminds of, so the note goes once that is answered (None: a digest).
        """
        lines = [printable(line) for line in body.split("\n")] if body else []
        self.notices.reminder(printable(heading), printable(title), lines, hint=hint, task=task,
                              seconds=timeout, severity=severity)
        if ring and (self.settings is None or self.settings.bell):
            self.bell()

    @property
    def notices(self) -> Notices:
        """Where messages go: status line, reminder notes, toasts (created on first use: not first-frame)."""
        if self._notices is None:
            from smm_tui.ui.notices import Notices

            self._notices = Notices(self)
        return self._notices

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Route a message (ui/notices.py): confirmations to the status line, toasts never over a dialog.

        Thread-safe like Textual's own: the routing runs on the app's thread.
        """
        from smm_tui.ui.notices import Toast

        self.call_later(self.notices.post, Toast(message, title, severity, timeout, markup))

    def flash_slot(self, day: date, task_id: str) -> None:
        """Flash a slot in the timeline when `day` is the one on screen (a reminder for it came)."""
        if day == self.day and self._day_screen is not None:
            self._day_screen.timeline_view.flash(task_id)

    def run_command(self, command: Command) -> None:
        """Run a command of the table (palette entries and tests use this)."""
        if command.app_level:
            self.call_later(self.run_action, command.action)
        else:
            self.call_later(self.day_screen.run_action, command.action)

    @property
    def day_screen(self) -> DayScreen:
        assert self._day_screen is not None, "the day screen is not mounted yet"
        return self._day_screen

    def default_lead(self) -> int | None:
        return self.settings.lead_minutes if self.settings is not None else None

    # --- screens, themes, keymap --------------------------------------------------------

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, made to close once (see ui/screens/modal.py)."""
        from textual.command import CommandPalette

        # is_open is annotated App[object]; App is invariant in its result type, so SmmApp (App[None]) fails it.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # see above
            from smm_tui.ui.screens.modal import command_palette

            self.push_screen(command_palette())

    def action_help(self) -> None:
        from smm_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_default_screen(self) -> Screen[Any]:
        return DayScreen()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, minus its theme picker (ours, "theme: ...", saves the choice) and
        with our Screenshot, which saves into the export folder and says where (ui/screenshot.py)."""
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                yield SystemCommand("Screenshot", "Save an SVG picture of the screen into the export folder",
                                    lambda: self.set_timer(0.1, self.take_screenshot))  # once the palette is gone
            elif command.title != "Theme":
                yield command

    def take_screenshot(self) -> Path | None:
        """Save the screen as SVG into the export folder and say where (the palette's "Screenshot")."""
        from smm_tui.ui.screenshot import save_screenshot

        return save_screenshot(self)

    def _register_theme_docs(self, docs: dict[str, dict[str, Any]]) -> None:
        for name, doc in docs.items():
            self.register_theme(to_textual(doc))
            self._theme_docs[name] = doc

    def _set_initial_theme(self, name: str) -> None:
        """Start in theme `name` without the full CSS re-parse that setting `App.theme` queues.

        Assigning `self.theme` runs Textual's theme watcher, which schedules a
        re-parse of every stylesheet - about 9 ms here, a quarter of the
        first-paint margin - although nothing has been parsed yet. Before the app
        runs it is enough to do what `App.__init__` does for its default theme:
        hand the stylesheet this theme's variables and set the dark/light classes.
        (ANSI colours would still be mapped with the dark terminal palette; the
        app uses none.) Later changes go through `self.theme` as usual.
        """
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)

    def _wanted_theme(self, name: str) -> str:
        """`name` if it is a valid smm-tui theme, else the default."""
        return name if name in self._theme_docs else DEFAULT_THEME

    def theme_choices(self) -> list[tuple[str, str]]:
        """(name, description) of every smm-tui theme, for the palette."""
        return [(name, doc.get("description", "")) for name, doc in sorted(self._theme_docs.items())]

    def choose_theme(self, name: str) -> None:
        """Switch theme and save the choice in config.toml (only the `theme` line is rewritten)."""
        if name not in self._theme_docs:
            self.notify(f"Unknown theme {name!r}.", severity="error", markup=False)
            return
        self.theme = name
        self.when_ready(partial(self._save_theme_choice, name))  # needs to know if config.toml is valid

    def _save_theme_choice(self, name: str) -> None:
        if self.settings_problem:
            self.notify(f"Theme {name} is used now but not saved: config.toml has a problem "
                        f"({self.settings_problem}); fix it first.", severity="warning", markup=False)
            return
        from smm_tui.ui.theme_choice import save_theme_choice

        problem = save_theme_choice(self.config_path, name)
        if problem is not None:
            self.notify(str(problem), severity="error", markup=False)
            return
        self.notify(f"Theme {name} saved in {self.config_path}.", markup=False)
        if self.state is not None and self.state.timeline is not None and self.store is not None:
            self._save_snapshot(self.state.day)

    def _apply_keymap(self, keymap: dict[str, str], *, warn: bool) -> None:
        known = {command.id for command in all_commands() if command.keys}  # palette-only rows have no binding
        unknown = sorted(set(keymap) - known)
        if unknown and warn:
            self.notify(f"{self.config_path}: [keymap]: unknown binding id(s) {', '.join(unknown)} "
                        f"(press ? to see the ids)", severity="warning", markup=False)
        self.set_keymap({key: value for key, value in keymap.items() if key in known})

    def keymap_keys(self, command: Command) -> str:
        """The keys in effect for a command (its default unless remapped in [keymap])."""
        return self._keymap.get(command.id, command.keys)

    # --- start-up --------------------------------------------------------------------------

    def screen_ready(self, screen: DayScreen) -> None:
        """Called by the day screen on mount: show the first frame, then load the rest."""
        self._day_screen = screen
        now = self.clock.now()
        screen.show(self._first_timeline, now)
        self.set_interval(self.POLL_SECONDS, self.poll_outside_changes, name="poll")
        self.set_interval(self.TICK_SECONDS, self.tick, name="clock")
        self.when_ready(self._start_reminders)
        if self._preloaded is not None:
            self._loaded(self._preloaded)
        else:
            self.call_after_refresh(self._start_loader)

    def _start_loader(self) -> None:
        import gc

        gc.enable()  # run_app disabled collection for the first frame only
        self.run_worker(self._load, name="load", thread=True, exit_on_error=True)

    def _load(self, store: Store | None = None) -> Loaded:
        """Validate settings and themes, open the store, read the day (runs in a thread at start-up)."""
        from smm_tui.config import Settings, load_settings
        from smm_tui.core.errors import DataError, SmmError
        from smm_tui.core.store import Store
        from smm_tui.ui.themes import load_all

        settings_problem = ""
        if self.settings is not None:
            settings = self.settings
        else:
            try:
                settings = load_settings(self.config_path)
            except DataError as exc:
                settings, settings_problem = Settings(), str(exc.problems[0])
        loaded = Loaded(settings, settings_problem)
        try:
            loaded.store = store or Store(self.data_dir, self.clock).open()
        except SmmError as exc:
            loaded.store_problem = str(exc)
        # After the store: it creates the data dir that holds the theme cache (or refuses it).
        loaded.themes, loaded.theme_failures = load_all(self.config_path, self.data_dir)
        if loaded.store is None:
            return loaded
        loaded.state = self._read_day(loaded.store, self._bands(settings), self.day,
                                      snapshot_ok=not settings_problem)
        return loaded

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "load" and event.state == WorkerState.SUCCESS:
            self._loaded(cast(Loaded, event.worker.result))
        elif (event.worker.group == "notify" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR)
              and self.reminders is not None):
            self.reminders.report_problems()  # a failing notify_command, reported once

    # --- reminders (ui/reminders.py) ------------------------------------------------------------

    def _start_reminders(self) -> None:
        """Start the reminder service once store and settings are loaded (not part of the first frame)."""
        if self.store is None or self.settings is None or self.reminders is not None:
            return
        from smm_tui.ui.reminders import ReminderDesk

        self.reminders = ReminderDesk.start(self)

    def on_unmount(self) -> None:
        if self.reminders is not None:
            self.reminders.close()

    def open_snooze(self) -> None:
        """`z`: choose how long to snooze the last reminder."""
        self.when_ready(self._open_snooze)

    def _reminder_desk(self) -> ReminderDesk | None:
        """The running reminders, or None after saying why there are none."""
        if self.reminders is None:
            self.notify("Reminders are off: the data dir could not be opened.", severity="warning", markup=False)
        return self.reminders

    def _open_snooze(self) -> None:
        desk = self._reminder_desk()
        if desk is None:
            return
        delivery = desk.target("snooze")
        if delivery is None:
            return
        from smm_tui.ui.screens.snooze import NEXT_SLOT, SnoozeScreen

        def chosen(choice: int | str | None) -> None:
            if choice == NEXT_SLOT:
                desk.snooze(next_slot=True)
            elif isinstance(choice, int):
                desk.snooze(choice)

        self.push_screen(SnoozeScreen(desk.title_of_last(), desk.snooze_choices(), self._next_slot_label()),
                         chosen)

    def _next_slot_label(self) -> str:
        """'10:00': the next open slot's start when today is on screen, else '' (the dialog says "next slot")."""
        timeline = self.state.timeline if self.state is not None else None
        now = self.clock.now()
        if timeline is None or timeline.date != now.date():
            return ""
        upcoming = next((e for e in timeline.entries if e.is_open() and e.starts_at > now), None)
        return f"{upcoming.start:%H:%M}" if upcoming is not None else ""

    def snooze_reminder(self, minutes: int | None = None, *, next_slot: bool = False) -> None:
        """Snooze the last reminder without the choice (palette: "reminder: snooze 10 min")."""
        def run() -> None:
            if desk := self._reminder_desk():
                desk.snooze(minutes, next_slot=next_slot)

        self.when_ready(run)

    def reminder_done(self) -> None:
        """`D`: tick off the last reminder's slot (undoable)."""
        def run() -> None:
            if desk := self._reminder_desk():
                desk.done()

        self.when_ready(run)

    def snooze_palette(self) -> list[tuple[str, str, Callable[[], None]]]:
        """Palette entries "reminder: snooze N min" (config's snooze_minutes) and "... until the next slot"."""
        choices = self.settings.reminders.snooze_minutes if self.settings is not None else (5, 10, 30)
        entries: list[tuple[str, str, Callable[[], None]]] = [
            (f"reminder: snooze {minutes} min", "the last reminder comes back once, then",
             partial(self.snooze_reminder, minutes)) for minutes in choices
        ]
        entries.append(("reminder: snooze until the next slot", "the last reminder comes back when the next slot starts",
                        partial(self.snooze_reminder, next_slot=True)))
        return entries

    # --- export (ui/screens/export.py) -------------------------------------------------------------

    def open_export(self, fmt: str | None = None) -> None:
        """`E` / "export: day as ...": the export dialog for the day on screen."""
        self.when_ready(partial(self._open_export, fmt))

    def _open_export(self, fmt: str | None) -> None:
        if self.store is None:
            self.can_change()  # says why nothing can be read
            return
        from smm_tui.ui.screens.export import ExportDialog

        self.push_screen(ExportDialog(self.day, fmt or self.export_format, self.default_export_folder(),
                                      cursor_blink=self.cursor_blink), self._exported)

    def default_export_folder(self) -> Path:
        """The last export folder of this session, else where smm-tui was started (see ui/screens/export.py)."""
        if self.export_folder is not None:
            return self.export_folder
        from smm_tui.ui.screens.export import default_folder

        return default_folder()

    def export_data(self, day: date, fmt: str) -> bytes:
        """A day in `fmt` (svg/html in the app's current theme); raises the export's errors."""
        from smm_tui.core.errors import SaveError
        from smm_tui.core.export import export_day

        if self.store is None:
            raise SaveError("the data dir could not be opened")
        return export_day(self.store, day, fmt, theme=self.theme_spec(), settings=self.settings)

    def theme_spec(self) -> Any:
        """The current theme as a validated `smm_tui.themes.ThemeSpec` (None: the export's default look)."""
        doc = self._theme_docs.get(self.theme)
        if doc is None:
            return None
        from smm_tui.themes import ThemeSpec

        return ThemeSpec.model_validate({k: doc[k] for k in ("name", "description", "dark", "colors", "kinds")
                                         if k in doc})

    def _exported(self, result: tuple[str, Path] | None) -> None:
        if result is None:
            return
        fmt, path = result
        self.export_format = fmt
        self.export_folder = path.parent
        self.notify(f"Exported {long_date(self.day)} to {path}", title="Export", timeout=15, markup=False)

    def _loaded(self, loaded: Loaded) -> None:
        self.settings = loaded.settings
        self.settings_problem = loaded.settings_problem
        if loaded.settings_problem:
            self.notify(f"{loaded.settings_problem} (using default settings)", title="config.toml",
                        severity="error", timeout=15, markup=False)
        self._register_theme_docs(loaded.themes)
        wanted = self._wanted_theme(loaded.settings.theme)
        # One notification for everything wrong with themes: the broken files and the fallback.
        lines = [str(problem) for problem in loaded.theme_failures]
        if wanted != loaded.settings.theme:
            lines.append(f"theme {loaded.settings.theme!r} is not available: using {wanted}")
        elif lines:
            lines.append("(those files are skipped)")
        if lines:
            self.notify("\n".join(lines), title="Theme problem", severity="warning", timeout=15, markup=False)
        if self.theme != wanted:
            self.theme = wanted
        self._apply_keymap(dict(loaded.settings.keymap), warn=True)
        self.store = loaded.store
        if loaded.store_problem:
            self.notify(f"{loaded.store_problem} (changes cannot be saved)", severity="error",
                        timeout=30, markup=False)
            self._show_problem_state(loaded.store_problem)
        elif loaded.state is not None:
            self._show_state(loaded.state)
        self.ready = True
        pending, self._pending = self._pending, []
        for callback in pending:
            callback()

    # --- reading days ------------------------------------------------------------------------

    @staticmethod
    def _bands(settings: Settings | None) -> BandStarts:
        from smm_tui.core.timeline import BandStarts

        if settings is None:
            return BandStarts()
        return BandStarts(settings.bands.lunch, settings.bands.afternoon, settings.bands.evening)

    @staticmethod
    def _signature(store: Store, day: date) -> Signature:
        """Changes when the day file (or, for a day without one, routine.toml) changes."""
        from smm_tui.core.store import signature

        own = store.day_signature(day)
        return (own, None) if own is not None else (None, signature(store.routine_path))

    def _read_day(self, store: Store, bands: BandStarts, day: date, *, snapshot_ok: bool) -> DayState:
        """The day as on disk now (signature first, so a later edit is always noticed)."""
        from smm_tui.core.errors import DataError

        sig = self._signature(store, day)
        try:
            model, timeline = snapshot.build_fresh(store, day, bands, self.config_path, cache=snapshot_ok,
                                                   source="file" if sig[0] is not None else "routine")
        except DataError as exc:
            return DayState(day, None, str(exc.problems[0]), sig)
        return DayState(day, timeline, "", sig, model)

    def _save_snapshot(self, day: date) -> None:
        """Refresh the day's snapshot after a config change (theme line) so the next start is fast."""
        if self.store is not None and not self.settings_problem:
            self._read_day(self.store, self._bands(self.settings), day, snapshot_ok=True)

    def _reload(self, *, announce: str = "", focus_now: bool = False) -> None:
        assert self.store is not None
        state = self._read_day(self.store, self._bands(self.settings), self.day,
                               snapshot_ok=not self.settings_problem)
        self._show_state(state, announce=announce, focus_now=focus_now)

    def _show_state(self, state: DayState, *, announce: str = "", focus_now: bool = False) -> None:
        self.state = state
        if self.reminders is not None:
            self.reminders.rearm()  # the day changed (here or outside): its reminders may have moved
            self.reminders.day_shown(state.day, state.timeline)  # answered by a tick: its note goes
        if state.day != self.day:
            return
        if announce:
            self.notify(announce, markup=False)
        if state.problem:
            self.notify(state.problem, title="Cannot open this day", severity="error", timeout=15,
                        markup=False)
        hint = "Nothing is saved to this day until the file is fixed (smm-tui check; backups/). [ ] other days"
        self.day_screen.show(state.timeline, self.clock.now(), problem=state.problem,
                             hint=hint if state.problem else "", focus_now=focus_now)

    def _show_problem_state(self, problem: str) -> None:
        self.day_screen.show(None, self.clock.now(), problem=problem,
                             hint="Nothing can be loaded or saved until this is fixed; then restart smm-tui.")

    # --- timers ------------------------------------------------------------------------------

    def poll_outside_changes(self) -> None:
        """Reload the open day when its file changed on disk (an editor, `smm-tui done`, ...)."""
        if not self.ready or self.store is None or self.state is None:
            return
        if self._signature(self.store, self.day) != self.state.signature:
            self._reload(announce="The day file changed outside smm-tui: reloaded.")

    def tick(self) -> None:
        """Re-read the clock: move the now line, update countdowns, roll over at midnight."""
        now = self.clock.now()
        if self.follow_today and now.date() != self.day:
            self._open(now.date(), follow_today=True)
            return
        if self._day_screen is not None:
            self.day_screen.refresh_time(now)

    # --- keys ------------------------------------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        """Printable keys routed before the filter bar took focus are its text (widgets/filter_bar.py)."""
        focused = self.focused
        if focused is not None and focused.id == "filter" and cast("FilterInput", focused).take_stray_key(event):
            event.prevent_default()  # not App._on_key: the key is text, not a binding
            event.stop()

    # --- navigation --------------------------------------------------------------------------

    def step_day(self, delta: int) -> None:
        self.when_ready(lambda: self._open(self.day + timedelta(days=delta)))

    def go_today(self) -> None:
        self.when_ready(lambda: self._open(self.clock.now().date(), focus_now=True))

    def open_day(self, day: date) -> None:
        """Show another day (keys [ ] t; undo of a change made on another day)."""
        self.when_ready(lambda: self._open(day))

    def _open(self, day: date, *, follow_today: bool | None = None, focus_now: bool = True) -> None:
        self.day = day
        self.follow_today = day == self.clock.now().date() if follow_today is None else follow_today
        if self.store is None:
            self._show_problem_state(self.state.problem if self.state else "no data dir")
            return
        self.day_screen.timeline_view.cursor_id = None
        self._reload(focus_now=focus_now)

    # --- changes ----------------------------------------------------------------------------

    def toggle(self, task_id: str) -> None:
        from smm_tui.ui.history import Toggle

        self.when_ready(lambda: self.apply_operation(Toggle(task_id, self.clock.now())))

    def skip(self, task_id: str) -> None:
        """Skip an open or done task; a skipped one becomes open again."""
        from smm_tui.ui.history import SetStatus

        def run() -> None:
            entry = self._entry(task_id)
            status: Status = "todo" if entry is not None and entry.status == "skipped" else "skipped"
            self.apply_operation(SetStatus(task_id, status, self.clock.now()))

        self.when_ready(run)

    def delete(self, task_id: str) -> None:
        from smm_tui.ui.history import DeleteTask

        self.when_ready(lambda: self.apply_operation(DeleteTask(task_id)))

    def _entry(self, task_id: str) -> Entry | None:
        timeline = self.state.timeline if self.state is not None else None
        return timeline.entry(task_id) if timeline is not None else None

    def can_change(self) -> bool:
        """True when changes can be saved now; otherwise says why (one error notification)."""
        if self.store is None:
            self.notify("Changes cannot be saved: the data dir could not be opened.", severity="error",
                        markup=False)
            return False
        if self.state is not None and self.state.problem:
            self.notify("This day's file has a problem; fix it (or restore a backup) before changing it.",
                        severity="error", markup=False)
            return False
        return True

    def apply_operation(self, operation: Operation, *, day: date | None = None) -> bool:
        """Apply one change through the store, record its inverse for undo, show the result."""
        store = self.store
        if not self.can_change() or store is None:  # can_change says why
            return False
        target = day or self.day
        results: list[tuple[Day, Day, Operation]] = []

        def change(current: Day) -> Day:
            new, inverse = operation.apply(current)
            results.append((current, new, inverse))
            return new

        if not self._store_call(lambda: store.update_day(target, change)):
            return False
        before, new, inverse = results[-1]
        if new != before:
            self.history.record(target, inverse)
        self._reload()
        from smm_tui.ui.history import AddTask

        if isinstance(operation, AddTask) and target == self.day:
            self.day_screen.timeline_view.select(operation.task.id)  # the cursor follows a new task
        self.notify(self._describe(operation, before, new), markup=False)
        return True

    def _store_call(self, call: Callable[[], object]) -> bool:
        """Run a store write; on failure say why in one line and change nothing in memory."""
        from pydantic import ValidationError

        from smm_tui.core.errors import DataError, SmmError

        try:
            call()
        except KeyError:
            self.notify("That task is no longer in the day file (changed outside?); reloaded.",
                        severity="warning", markup=False)
            self._reload()
            return False
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            self.notify(f"Not saved: {first['msg']}", severity="error", markup=False)
            return False
        except DataError as exc:
            self.notify(f"Not saved: {exc.problems[0]}", severity="error", timeout=15, markup=False)
            self._reload()
            return False
        except (SmmError, ValueError) as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=15, markup=False)
            return False
        return True

    @staticmethod
    def _describe(operation: Operation, before: Day, day: Day) -> str:
        from smm_tui.ui.history import AddTask, DeleteTask, SetFields, SetStatus, Toggle

        if isinstance(operation, (Toggle, SetStatus)):
            task = day.task(operation.task_id)
            word = {"done": "Done", "todo": "Open again", "skipped": "Skipped"}[task.status]
            if day == before:
                word = f"Already {word.lower()}"
            return f"{word}: {printable(task.title)}"
        if isinstance(operation, AddTask):
            return f"Added {operation.task.start:%H:%M} {printable(operation.task.title)}"
        if isinstance(operation, DeleteTask):
            return f"Deleted: {printable(before.task(operation.task_id).title)} (u to undo)"
        if isinstance(operation, SetFields):
            return f"Saved: {printable(day.task(operation.task_id).title)}"
        return "Saved."

    def undo(self) -> None:
        self.when_ready(lambda: self._history_step(redo=False))

    def redo(self) -> None:
        self.when_ready(lambda: self._history_step(redo=True))

    def _history_step(self, *, redo: bool) -> None:
        word = "redo" if redo else "undo"
        if not self.can_change():
            return
        if not (self.history.can_redo() if redo else self.history.can_undo()):
            self.notify(f"Nothing to {word}.", markup=False)
            return

        def apply(step: Step) -> Operation:
            results: list[Operation] = []

            def change(current: Day) -> Day:
                new, inverse = step.operation.apply(current)
                results.append(inverse)
                return new

            assert self.store is not None
            self.store.update_day(step.day, change)
            return results[-1]

        done: list[Step] = []

        def call() -> None:
            done.append(self.history.run(redo=redo, apply=apply))

        if not self._store_call(call):
            return
        step = done[-1]
        if step.day != self.day:
            self._open(step.day, focus_now=False)
        else:
            self._reload()
        label = printable(step.operation.label) or "last change"
        self.notify(f"{'Redone' if redo else 'Undone'}: {label}", markup=False)

    # --- the task form ---------------------------------------------------------------------

    def open_add_form(self, *, after: Entry | None = None) -> None:
        self.when_ready(partial(self._open_form, None, after))

    def open_edit_form(self, task_id: str) -> None:
        self.when_ready(partial(self._open_form, task_id, None))

    def _open_form(self, task_id: str | None, after: Entry | None) -> None:
        from smm_tui.ui.screens.task_form import TaskForm

        if not self.can_change():
            return
        model = self.state.model if self.state is not None else None
        if model is None:
            return
        task = None
        if task_id is not None:
            try:
                task = model.task(task_id)
            except KeyError:
                self.notify("That task is gone (changed outside?).", severity="warning", markup=False)
                return
        form = TaskForm(task, suggested=self._suggest_start(after), cursor_blink=self.cursor_blink)
        self.push_screen(form, partial(self._form_done, task, self.day))

    def _suggest_start(self, after: Entry | None) -> str:
        """Default start for a new task: the next 5 minutes from now on today, else after the cursor."""
        now = self.clock.now()
        if self.day == now.date():
            minutes = (now.hour * 60 + now.minute + 4) // 5 * 5
            minutes = min(minutes, 23 * 60 + 55)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        if after is not None:
            return f"{after.start:%H:%M}"
        return "09:00"

    def _form_done(self, original: Any, day: date, values: dict[str, Any] | None) -> None:
        from smm_tui.core.models import Task
        from smm_tui.ui.history import AddTask, SetFields

        if values is None:
            return
        if original is None:
            model = self.state.model if self.state is not None else None
            task_id = model.new_task_id() if model is not None else "t" + os.urandom(3).hex()
            task = Task.model_validate({**values, "id": task_id})
            self.apply_operation(AddTask(task, label=task.title), day=day)
            return
        changed = {key: value for key, value in values.items() if getattr(original, key) != value}
        if not changed:
            self.notify("No changes.", markup=False)
            return
        self.apply_operation(SetFields(original.id, changed, label=original.title), day=day)
