"""SmmApp: the wiring of store, settings, clock, themes, the day screen and its services.

The app composes; others do the work. Start-up is in ui/startup.py (the
first frame from caches, then a worker runs `ui.loading.load`); changes and
undo go through `core.changes.ChangeController`; reminders live on
`ui.reminder_desk.ReminderDesk`, exports on `ui.exporting.Exports`, themes
on `ui.theming.AppThemes`. The day screen sends requests up as messages
(ui/messages.py) and gets what to show set down (`DayScreen.show`).

Requests made before the store is ready wait in a queue and run in order
once it is (`when_ready`). Every change is on disk before the screen says
so; a failed save is shown and nothing in memory pretends it worked. The
open day file is polled about once a second, so outside edits show up within
2 s; a clock timer moves the now line and rolls over at midnight. All time
comes from `clock`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from smm_tui.core.clock import Clock
from smm_tui.core.text import printable
from smm_tui.ui import startup
from smm_tui.ui.commands import APP_COMMANDS, Command, SmmCommands, all_commands, bindings
from smm_tui.ui.messages import (
    ChangeRequested,
    DayRequested,
    ExportRequested,
    FormRequested,
    HistoryRequested,
    ReminderRequested,
)
from smm_tui.ui.screens.day import DayScreen
from smm_tui.ui.theming import AppThemes
from smm_tui.themes.bridge import variable_defaults

if TYPE_CHECKING:
    from smm_tui.config import Settings
    from smm_tui.core.changes import ChangeController, Outcome
    from smm_tui.core.history import History, Operation
    from smm_tui.core.store import Store
    from smm_tui.ui.exporting import Exports
    from smm_tui.ui.loading import DayState, Loaded
    from smm_tui.ui.reminder_desk import ReminderDesk
    from smm_tui.ui.widgets.filter_bar import FilterInput


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
        self.data_dir, self.config_path, self.clock = Path(data_dir), Path(config_path), clock
        self.cursor_blink = cursor_blink
        now = clock.now()
        self.day: date = day or now.date()
        self.follow_today = self.day == now.date()
        """Roll over to the new day at midnight (only when the user is on today)."""
        self.store: Store | None = None
        self.settings: Settings | None = settings
        self.settings_problem = ""
        self.changes: ChangeController | None = None
        """Applies changes and keeps the undo history (once the store is open)."""
        self.ready = False
        """True once settings, store and the validated day are loaded."""
        self.state: DayState | None = None
        self.themes = AppThemes(self)
        self.reminders: ReminderDesk | None = None
        """The reminder service on this app's timers; None until the store is ready."""
        self._exports: Exports | None = None
        self._pending: list[Callable[[], object]] = []
        self._day_screen: DayScreen | None = None
        self._preloaded: Loaded | None = None
        if store is None:
            quick = startup.quick_start(self.data_dir, self.config_path, self.day)
            if quick.theme_doc is not None:
                self.themes.register({quick.theme_name: quick.theme_doc})
                startup.set_initial_theme(self, quick.theme_name)
            self._apply_keymap(quick.keymap, warn=False)
        else:  # tests, embedding: everything now, so even the first frame is validated
            from smm_tui.ui.loading import load

            quick = startup.QuickStart()
            self._preloaded = load(self.data_dir, self.config_path, clock, self.day, settings=settings, store=store)
            self.themes.register(self._preloaded.themes)
            startup.set_initial_theme(self, self.themes.wanted(self._preloaded.settings.theme))
            quick.timeline = self._preloaded.state.timeline if self._preloaded.state is not None else None
        self._first_timeline = quick.timeline

    # --- seams for services and tests ----------------------------------------------------

    @property
    def history(self) -> History:
        """Undo/redo across add, edit, delete, toggle and skip."""
        assert self.changes is not None, "the store is not open"
        return self.changes.history

    @property
    def exports(self) -> Exports:
        """The export session (last folder and format); created on the first export."""
        if self._exports is None:
            from smm_tui.ui.exporting import Exports

            self._exports = Exports()
        return self._exports

    @property
    def day_screen(self) -> DayScreen:
        assert self._day_screen is not None, "the day screen is not mounted yet"
        return self._day_screen

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Run `callback` now if store and settings are loaded, else right after they are."""
        if self.ready:
            callback()
        else:
            self._pending.append(callback)

    def start_service(self, tick: Callable[[datetime], object], *, every: float = 1.0, name: str = "") -> None:
        """Call `tick(now)` every `every` seconds once loaded (a Textual interval; `now` from the clock)."""
        if every <= 0:
            raise ValueError("a service interval must be positive")
        self.when_ready(lambda: self.set_interval(every, lambda: tick(self.clock.now()), name=name or None))

    def show_reminder(self, title: str, body: str = "", *, severity: str = "warning",
                      timeout: float = 30, heading: str = "Reminder", ring: bool = True) -> None:
        """A reminder toast (text shown literally, controls escaped) and the bell when config says so."""
        lines = [printable(line) for line in body.split("\n")] if body else []
        message = "\n".join([printable(title), *lines])
        self.notify(message, title=printable(heading), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]
        if ring and (self.settings is None or self.settings.bell):
            self.bell()

    def flash_slot(self, day: date, task_id: str) -> None:
        """Flash a slot when `day` is on screen (a reminder for it came)."""
        if day == self.day and self._day_screen is not None:
            self._day_screen.timeline_view.flash(task_id)

    def run_command(self, command: Command) -> None:
        """Run a command of the table (palette entries and tests use this)."""
        target = self if command.app_level else self.day_screen
        self.call_later(target.run_action, command.action)

    def keymap_keys(self, command: Command) -> str:
        """The keys in effect for a command (its default unless remapped in [keymap])."""
        return self._keymap.get(command.id, command.keys)

    # --- screens, themes, keymap -----------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return DayScreen(self.clock, self.day, self._first_timeline, cursor_blink=self.cursor_blink)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, minus its theme picker: ours ("theme: ...") saves the choice."""
        yield from (command for command in super().get_system_commands(screen) if command.title != "Theme")

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, made to close once (see ui/screens/modal.py)."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            from smm_tui.ui.screens.modal import command_palette

            self.push_screen(command_palette())

    def action_help(self) -> None:
        from smm_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def theme_choices(self) -> list[tuple[str, str]]:
        return self.themes.choices()

    def choose_theme(self, name: str) -> None:
        """Switch theme and save the choice in config.toml (only the `theme` line is rewritten)."""
        if name not in self.themes.docs:
            self.notify(f"Unknown theme {name!r}.", severity="error", markup=False)
            return
        self.theme = name
        self.when_ready(partial(self._save_theme_choice, name))  # needs to know if config.toml is valid

    def _save_theme_choice(self, name: str) -> None:
        from smm_tui.ui.theming import save_choice

        message, saved = save_choice(self.config_path, name, self.settings_problem)
        self.notify(message, severity="information" if saved else "error" if not self.settings_problem
                    else "warning", markup=False)
        if saved and self.state is not None and self.state.timeline is not None and self.store is not None:
            self._read(self.state.day)  # refresh the day's snapshot: config.toml changed

    def _apply_keymap(self, keymap: dict[str, str], *, warn: bool) -> None:
        known = {command.id for command in all_commands() if command.keys}  # palette-only rows have no binding
        unknown = sorted(set(keymap) - known)
        if unknown and warn:
            self.notify(f"{self.config_path}: [keymap]: unknown binding id(s) {', '.join(unknown)} "
                        f"(press ? to see the ids)", severity="warning", markup=False)
        self.set_keymap({key: value for key, value in keymap.items() if key in known})

    # --- start-up (the first frame: ui/startup.py) -------------------------------------------

    def on_day_screen_ready(self, message: DayScreen.Ready) -> None:
        self._day_screen = message.screen
        self.set_interval(self.POLL_SECONDS, self.poll_outside_changes, name="poll")
        self.set_interval(self.TICK_SECONDS, self.tick, name="clock")
        self.when_ready(self._start_reminders)
        if self._preloaded is not None:
            self._loaded(self._preloaded)
        else:
            self.call_after_refresh(self._start_loader)

    def _start_loader(self) -> None:
        from smm_tui.ui.loading import load

        startup.first_frame_drawn()
        self.run_worker(partial(load, self.data_dir, self.config_path, self.clock, self.day, settings=self.settings),
                        name="load", thread=True, exit_on_error=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "load" and event.state == WorkerState.SUCCESS:
            self._loaded(cast("Loaded", event.worker.result))
        elif (event.worker.group == "notify" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR)
              and self.reminders is not None):
            self.reminders.report_problems()  # a failing notify_command, reported once

    def _loaded(self, loaded: Loaded) -> None:
        from smm_tui.core.changes import ChangeController
        from smm_tui.ui.theming import problems_text

        self.settings, self.settings_problem = loaded.settings, loaded.settings_problem
        if loaded.settings_problem:
            self.notify(f"{loaded.settings_problem} (using default settings)", title="config.toml",
                        severity="error", timeout=15, markup=False)
        self.themes.register(loaded.themes)
        wanted = self.themes.wanted(loaded.settings.theme)
        if problems := problems_text(loaded.theme_failures, loaded.settings.theme, wanted):
            self.notify(problems, title="Theme problem", severity="warning", timeout=15, markup=False)
        if self.theme != wanted:
            self.theme = wanted
        self._apply_keymap(dict(loaded.settings.keymap), warn=True)
        self.day_screen.default_lead = loaded.settings.lead_minutes
        self.store = loaded.store
        if loaded.store is not None:
            self.changes = ChangeController(loaded.store)
        if loaded.store_problem:
            self.notify(f"{loaded.store_problem} (changes cannot be saved)", severity="error",
                        timeout=30, markup=False)
            self.day_screen.show(None, self.clock.now(), problem=loaded.store_problem, blocked=self._blocked(),
                                 hint="Nothing can be loaded or saved until this is fixed; then restart smm-tui.")
        elif loaded.state is not None:
            self._show_state(loaded.state)
        self.ready = True
        pending, self._pending = self._pending, []
        for callback in pending:
            callback()

    def _start_reminders(self) -> None:
        """Start the reminder service once store and settings are loaded (not part of the first frame)."""
        if self.store is None or self.settings is None or self.reminders is not None:
            return
        from smm_tui.ui.reminder_desk import ReminderDesk

        self.reminders = ReminderDesk.start(self, self.store, self.settings)

    def on_unmount(self) -> None:
        if self.reminders is not None:
            self.reminders.close()

    # --- the day on screen ---------------------------------------------------------------------

    def _read(self, day: date) -> DayState:
        from smm_tui.ui.loading import read_day

        assert self.store is not None
        return read_day(self.store, self.settings, day, self.config_path, snapshot_ok=not self.settings_problem)

    def _reload(self, *, announce: str = "", focus_now: bool = False) -> None:
        self._show_state(self._read(self.day), announce=announce, focus_now=focus_now)

    def _blocked(self, state: DayState | None = None) -> str:
        """Why no change can be saved now ('' when one can)."""
        if self.store is None:
            return "Changes cannot be saved: the data dir could not be opened."
        if state is not None and state.problem:
            return "This day's file has a problem; fix it (or restore a backup) before changing it."
        return ""

    def _show_state(self, state: DayState, *, announce: str = "", focus_now: bool = False) -> None:
        self.state = state
        if self.reminders is not None:
            self.reminders.rearm()  # the day changed (here or outside): its reminders may have moved
        if state.day != self.day:
            return
        if announce:
            self.notify(announce, markup=False)
        if state.problem:
            self.notify(state.problem, title="Cannot open this day", severity="error", timeout=15, markup=False)
        hint = "Nothing is saved to this day until the file is fixed (smm-tui check; backups/). [ ] other days"
        self.day_screen.show(state.timeline, self.clock.now(), day=state.day, model=state.model,
                             problem=state.problem, hint=hint if state.problem else "",
                             blocked=self._blocked(state), focus_now=focus_now)

    def poll_outside_changes(self) -> None:
        """Reload the open day when its file changed on disk (an editor, `smm-tui done`, ...)."""
        if not self.ready or self.store is None or self.state is None:
            return
        from smm_tui.ui.loading import signature

        if signature(self.store, self.day) != self.state.signature:
            self._reload(announce="The day file changed outside smm-tui: reloaded.")

    def tick(self) -> None:
        """Re-read the clock: move the now line, update countdowns, roll over at midnight."""
        now = self.clock.now()
        if self.follow_today and now.date() != self.day:
            self.open_day(now.date(), follow_today=True)
        elif self._day_screen is not None:
            self.day_screen.refresh_time(now)

    def open_day(self, day: date, *, follow_today: bool | None = None, focus_now: bool = True) -> None:
        """Show another day (keys [ ] t; undo of a change made on another day; midnight)."""
        self.day = day
        self.follow_today = day == self.clock.now().date() if follow_today is None else follow_today
        if self.store is None:
            self.day_screen.show(None, self.clock.now(), day=day, problem=self.state.problem if self.state
                                 else "no data dir", blocked=self._blocked())
            return
        self._show_state(self._read(day), focus_now=focus_now)

    async def _on_key(self, event: events.Key) -> None:
        """Printable keys routed before the filter bar took focus are its text (widgets/filter_bar.py)."""
        focused = self.focused
        if focused is not None and focused.id == "filter" and cast("FilterInput", focused).take_stray_key(event):
            event.prevent_default()  # not App._on_key: the key is text, not a binding
            event.stop()

    # --- requests from the screens (ui/messages.py) ---------------------------------------------

    @on(DayRequested)
    def _day_requested(self, message: DayRequested) -> None:
        if message.step:
            self.when_ready(lambda: self.open_day(self.day + timedelta(days=message.step)))
        else:
            self.when_ready(lambda: self.open_day(self.clock.now().date()))

    @on(ChangeRequested)
    def _change_requested(self, message: ChangeRequested) -> None:
        self.when_ready(lambda: self.apply_operation(message.operation, day=message.day))

    @on(HistoryRequested)
    def _history_requested(self, message: HistoryRequested) -> None:
        def step() -> None:
            if self._can_change():
                assert self.changes is not None
                self._show_outcome(self.changes.redo() if message.redo else self.changes.undo())

        self.when_ready(step)

    @on(FormRequested)
    def _form_requested(self, message: FormRequested) -> None:
        self.when_ready(lambda: self.day_screen.open_form(message.task_id, after=message.after, deferred=True))

    @on(ExportRequested)
    def _export_requested(self, message: ExportRequested) -> None:
        self.open_export(message.fmt)

    @on(ReminderRequested)
    def _reminder_requested(self, message: ReminderRequested) -> None:
        if message.action == "snooze":
            self.when_ready(self._ask_snooze)
        else:
            self.when_ready(lambda: (desk := self._desk()) is not None and desk.done())

    def toggle(self, task_id: str) -> None:
        """Toggle a task of the day on screen (what space does; tests call it directly)."""
        from smm_tui.core.history import Toggle

        self.when_ready(lambda: self.apply_operation(Toggle(task_id, self.clock.now())))

    def _can_change(self) -> bool:
        """True when changes can be saved now; otherwise says why (one error notification)."""
        blocked = self._blocked(self.state)
        if blocked:
            self.notify(blocked, severity="error", markup=False)
        return not blocked

    def apply_operation(self, operation: Operation, *, day: date | None = None) -> bool:
        """Apply one change through the change controller and show the outcome."""
        if not self._can_change():
            return False
        assert self.changes is not None
        return self._show_outcome(self.changes.apply(day or self.day, operation))

    def _show_outcome(self, outcome: Outcome) -> bool:
        if outcome.follow and outcome.day is not None and outcome.day != self.day:
            self.open_day(outcome.day, focus_now=False)  # an undo on another day: show that day
        elif outcome.reload:
            self._reload()
        if outcome.select is not None and outcome.day == self.day:
            self.day_screen.timeline_view.select(outcome.select)  # the cursor follows a new task
        self.notify(outcome.message, severity=outcome.severity, timeout=15 if outcome.long else None,
                    markup=False)
        return outcome.saved

    # --- reminders and export ---------------------------------------------------------------

    def _desk(self) -> ReminderDesk | None:
        """The running reminders, or None after saying why there are none."""
        if self.reminders is None:
            self.notify("Reminders are off: the data dir could not be opened.", severity="warning", markup=False)
        return self.reminders

    def _ask_snooze(self) -> None:
        from smm_tui.ui.screens.snooze import next_slot_label

        if desk := self._desk():
            desk.ask_snooze(next_slot_label(self.state.timeline if self.state else None, self.clock.now()))

    def snooze_palette(self) -> list[tuple[str, str, Callable[[], None]]]:
        """Palette entries "reminder: snooze N min" and "... until the next slot"."""
        from smm_tui.ui.reminder_desk import snooze_entries

        def snooze(minutes: int | None = None, *, next_slot: bool = False) -> None:
            self.when_ready(lambda: (desk := self._desk()) is not None and desk.snooze(minutes, next_slot=next_slot))

        choices = self.settings.reminders.snooze_minutes if self.settings is not None else (5, 10, 30)
        return snooze_entries(choices, snooze)

    def open_export(self, fmt: str | None = None) -> None:
        """`E` / "export: day as ...": the export dialog for the day on screen."""
        def run() -> None:
            if self.store is None:
                self._can_change()  # says why nothing can be read
                return
            from smm_tui.ui.exporting import render

            draw = partial(render, self.store, theme=self.themes.spec(self.theme), settings=self.settings)
            day = self.day
            dialog = self.exports.dialog(day, fmt, draw, cursor_blink=self.cursor_blink)
            self.push_screen(dialog, lambda result: self._exported(day, result))

        self.when_ready(run)

    def _exported(self, day: date, result: tuple[str, Path] | None) -> None:
        if line := self.exports.done(day, result):
            self.notify(line, title="Export", timeout=15, markup=False)
