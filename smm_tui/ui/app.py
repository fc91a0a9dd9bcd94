"""SmmApp: the wiring of store, settings, clock, themes, the day screen and its services.

The app composes; others do the work. Start-up is in ui/startup.py (the
first frame from caches, then a worker runs `ui.loading.load` and
`startup.adopt` takes the validated state); the day on screen is kept
current by `ui.day_view.DayView`; changes and undo go through
`core.changes.ChangeController`; reminders live on `ui.reminder_desk`, the
export session on `ui.exporting`, themes on `ui.theming`, where messages go
on `ui.notices`, the palette's entries and the keymap in `ui.commands`. The
day screen sends requests up as messages (ui/messages.py) and gets what to
show set down (`DayScreen.show`); the app routes each to its owner.

Requests made before the store is ready wait in a queue and run in order
once it is (`when_ready`). Every change is on disk before the screen says
so; a failed save is shown and nothing in memory pretends it worked. All
time comes from `clock`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from smm_tui.core.clock import Clock
from smm_tui.themes.bridge import variable_defaults
from smm_tui.ui import messages, startup
from smm_tui.ui.commands import APP_COMMANDS, Command, SmmCommands, bindings, system_commands
from smm_tui.ui.day_view import DayView
from smm_tui.ui.screens.day import DayScreen
from smm_tui.ui.theming import AppThemes

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from smm_tui.config import Settings
    from smm_tui.core.changes import ChangeController
    from smm_tui.core.history import Operation
    from smm_tui.core.store import Store
    from smm_tui.ui.carry import CarryOffer
    from smm_tui.ui.exporting import Exports
    from smm_tui.ui.history_source import HistorySource
    from smm_tui.ui.loading import DayState, Loaded
    from smm_tui.ui.notices import Notices
    from smm_tui.ui.reminder_desk import ReminderDesk
    from smm_tui.ui.sync_desk import SyncDesk
    from smm_tui.ui.week_view import WeekView
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
        view: What the app opens on: "day" (the list), "scale" / "lanes" (the day at true scale),
            or "week" (the week around `day`, `smm-tui --view week`).
    """

    CSS_PATH = "app.tcss"
    TITLE = "smm-tui"
    COMMANDS: ClassVar = App.COMMANDS | {SmmCommands}
    BINDINGS: ClassVar = bindings(APP_COMMANDS)
    NOTIFICATION_TIMEOUT = 6
    _constructing = True
    """While `App.__init__` runs (see `get_css_variables`)."""

    POLL_SECONDS = 1.0
    """How often the open day file is checked for outside edits (target: noticed within 2 s)."""
    TICK_SECONDS = 15.0
    """How often the clock is read for the now line, countdowns, overdue marks and midnight."""

    def __init__(self, data_dir: Path, config_path: Path, clock: Clock, *, day: date | None = None,
                 store: Store | None = None, settings: Settings | None = None,
                 cursor_blink: bool = True, view: str = "day") -> None:
        super().__init__()
        self._constructing = False
        self.view = view
        self.data_dir, self.config_path, self.clock = Path(data_dir), Path(config_path), clock
        self.cursor_blink = cursor_blink
        today = clock.now().date()
        self.days = DayView(self, day or today, follow_today=(day or today) == today)
        self.store: Store | None = None
        self.settings: Settings | None = settings
        self.settings_problem = ""
        self.changes: ChangeController | None = None
        """Applies changes and keeps the undo history (once the store is open)."""
        self.ready = False
        """True once settings, store and the validated day are loaded."""
        self.themes = AppThemes(self)
        self._notices: Notices | None = None
        self.reminders: ReminderDesk | None = None
        """The reminder service on this app's timers; None until the store is ready."""
        self.syncing: SyncDesk | None = None
        """Sync rounds on a timer and ctrl+s (ui/sync_desk.py); None until loaded, or without [sync] url."""
        self._pending: list[Callable[[], object]] = []
        self.carry: CarryOffer | None = None
        """Offers the last worked day's open tasks on today (once the store is ready)."""
        self._day_screen: DayScreen | None = None
        self.first_timeline, self._preloaded = startup.prepare(self, store, settings)
        """The first frame's day (from its snapshot; None on a miss); the week's first frame reuses it."""

    # --- seams for services and tests ----------------------------------------------------

    @cached_property
    def week(self) -> WeekView:
        """The week screen's days, when it is open (ui/week_view.py); made when first used."""
        from smm_tui.ui.week_view import WeekView  # not the day's first frame (~0.5 ms with core.weeks)

        return WeekView(self, self.push_screen, self._week_closed)

    @cached_property
    def exports(self) -> Exports:
        """The export session: the last folder and format, offered by the next export; made when first used."""
        from smm_tui.ui.exporting import Exports  # not first-frame (~0.5 ms)

        return Exports()

    @property
    def day(self) -> date:
        """The day on screen."""
        return self.days.day

    @property
    def state(self) -> DayState | None:
        """The day on screen as last read from the store."""
        return self.days.state

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

    def poll_outside_changes(self) -> None:
        """What the 1 s timer calls: reload the day when its file changed on disk."""
        if self.ready:
            self.days.poll()
            self.week.poll()

    def tick(self) -> None:
        """What the clock timer calls: now line, countdowns, midnight."""
        if self._day_screen is not None:
            self.days.tick()
            self.week.tick()

    def keymap_keys(self, command: Command) -> str:
        """The keys in effect for a command (its default unless remapped in [keymap])."""
        return self._keymap.get(command.id, command.keys)

    # --- screens, palette, help -------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        screen = DayScreen(self.clock, self.day, self.first_timeline, cursor_blink=self.cursor_blink)
        screen.initial_view = self.view
        return screen

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults()

    def get_css_variables(self) -> dict[str, str]:
        """None while `App.__init__` runs: it hands its new stylesheet the default theme's variables, which
        `startup.prepare` replaces with the starting theme's before anything is parsed (ui/startup.py, item 3)."""
        return {} if self._constructing else super().get_css_variables()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(super().get_system_commands(screen),
                               lambda: self.set_timer(0.1, self.take_screenshot))  # once the palette is gone

    def take_screenshot(self) -> Path | None:
        """Save the screen as SVG into the export folder and say where (the palette's "Screenshot")."""
        from smm_tui.ui.screenshot import save_screenshot

        return save_screenshot(self, self.exports.default_folder(), self.clock.now())

    def snooze_palette(self) -> list[tuple[str, str, Callable[[], None]]]:
        """Palette entries "reminder: snooze N min" and "... until the next slot"."""
        from smm_tui.ui.reminder_desk import palette  # with the reminder service: not first-frame

        return palette(self)

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, made to close once (see ui/screens/modal.py)."""
        from smm_tui.ui.screens.modal import open_command_palette

        open_command_palette(self)

    def action_help(self) -> None:
        from smm_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap_keys))

    # --- start-up (the first frame: ui/startup.py) -------------------------------------------

    def on_day_screen_ready(self, message: DayScreen.Ready) -> None:
        self._day_screen = message.screen
        self.set_interval(self.POLL_SECONDS, self.poll_outside_changes, name="poll")
        self.set_interval(self.TICK_SECONDS, self.tick, name="clock")
        self.when_ready(self._start_reminders)
        self.when_ready(self._start_sync)
        if self._preloaded is not None:
            self._loaded(self._preloaded)
        else:
            self.call_after_refresh(startup.start_loader, self)

    def on_mount(self) -> None:
        if self.view == "week":  # `--view week`: on top before the day screen's first frame is drawn
            # from the days' snapshots (the loader's validated days follow), pushed once the app's
            # mount is done: pushed within it, its first frame waits for a later refresh (trick 9 in ui/startup.py)
            self.call_next(self.week.open, self.day)

    def on_day_screen_chrome_mounted(self) -> None:
        self.notices.mounted()  # the status line and notes exist now: show what came before

    def on_day_screen_resumed(self) -> None:
        self.notices.screen_resumed()  # back from a dialog: waiting toasts show, notes' time runs

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "load" and event.state == WorkerState.SUCCESS:
            self._loaded(cast("Loaded", event.worker.result))
        elif (event.worker.group == "notify" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR)
              and self.reminders is not None):
            self.reminders.report_problems()  # a failing notify_command, reported once
        elif event.worker.group == "sync" and self.syncing is not None:
            self.syncing.finished(event.worker, event.state)

    def _loaded(self, loaded: Loaded) -> None:
        startup.adopt(self, loaded)
        self.ready = True
        self.week.loaded()
        pending, self._pending = self._pending, []
        for callback in pending:
            callback()
        from smm_tui.ui.carry import CarryOffer  # after the first frame: the offer is looked up in a worker

        self.carry = CarryOffer(self)  # last: reminders and queued keys come first
        self.carry.check(self.day)

    def day_opened(self, day: date) -> None:
        if self.carry is not None:
            self.carry.check(day)  # today again: offer what the last worked day left open (once a day)

    def _start_reminders(self) -> None:
        from smm_tui.ui.reminder_desk import ReminderDesk  # with the reminder service: not first-frame

        ReminderDesk.start(self)

    def _start_sync(self) -> None:
        from smm_tui.ui.sync_desk import SyncDesk  # only with [sync] url, after loading: not first-frame

        SyncDesk.start(self)

    def action_sync_now(self) -> None:
        """ctrl+s: a sync round now (one at a time; ui/sync_desk.py)."""
        from smm_tui.ui.sync_desk import request  # see _start_sync

        self.when_ready(lambda: request(self))

    def on_unmount(self) -> None:
        if self.reminders is not None:
            self.reminders.close()

    # --- keys and requests from the screens (ui/messages.py) -----------------------------------

    async def _on_key(self, event: events.Key) -> None:
        """Printable keys routed before the filter bar took focus are its text (widgets/filter_bar.py)."""
        focused = self.focused
        if focused is not None and focused.id == "filter" and cast("FilterInput", focused).take_stray_key(event):
            event.prevent_default()  # not App._on_key: the key is text, not a binding
            event.stop()

    @on(messages.DayRequested)
    def _day_requested(self, message: messages.DayRequested) -> None:
        self.when_ready(lambda: self.days.step(message.step))

    @on(messages.WeekRequested)
    def _week_requested(self, message: messages.WeekRequested) -> None:
        self.week.open(message.day or self.day)

    def _week_closed(self, day: date | None) -> None:
        """The week screen closed: Enter chose `day` to open in the day view (None: back as it was)."""
        if day is not None:
            self.when_ready(lambda: self.days.open(day))

    @on(messages.ChangeRequested)
    def _change_requested(self, message: messages.ChangeRequested) -> None:
        self.when_ready(lambda: self.apply_operation(message.operation, day=message.day))

    @on(messages.MoveRequested)
    def _move_requested(self, message: messages.MoveRequested) -> None:
        from smm_tui.ui.moving import move  # with the gap finder: not first-frame

        def run() -> None:
            move(self, message)
            self.week.poll()  # the two days may be columns of the open week: show them now

        self.when_ready(run)

    @on(messages.RepeatRequested)
    def _repeat_requested(self, message: messages.RepeatRequested) -> None:
        from smm_tui.ui import routine_edits  # tomlkit: not first-frame

        self.when_ready(lambda: routine_edits.add(self, message))

    @on(messages.RoutineSlotRemovalRequested)
    def _slot_removal_requested(self, message: messages.RoutineSlotRemovalRequested) -> None:
        from smm_tui.ui import routine_edits  # tomlkit: not first-frame

        self.when_ready(lambda: routine_edits.remove(self, message))

    @on(messages.HistoryRequested)
    def _history_requested(self, message: messages.HistoryRequested) -> None:
        self.undo(redo=message.redo)

    @on(messages.FormRequested)
    def _form_requested(self, message: messages.FormRequested) -> None:
        self.when_ready(self.days.on_top(lambda: self.day_screen.open_form(message.task_id, after=message.after,
                                                                      deferred=True)))

    @on(messages.ExportRequested)
    def _export_requested(self, message: messages.ExportRequested) -> None:
        self.when_ready(self.days.on_top(lambda: self.exports.open(self, message.fmt)))

    @on(messages.StatsRequested)
    def _stats_requested(self) -> None:
        from smm_tui.ui.screens.stats import StatsScreen  # on use: not on the first-frame path

        self.when_ready(self.days.on_top(lambda: self.push_screen(
            StatsScreen(self.history_source(), self.clock, cursor_blink=self.cursor_blink))))

    @on(messages.SearchRequested)
    def _search_requested(self) -> None:
        from smm_tui.ui.screens.search import SearchScreen  # on use: not on the first-frame path

        self.when_ready(self.days.on_top(lambda: self.push_screen(
            SearchScreen(self.history_source(), cursor_blink=self.cursor_blink))))

    @on(messages.JumpRequested)
    def _jump_requested(self, message: messages.JumpRequested) -> None:
        """Close the screens above the day screen, show the day, select the slot."""
        while len(self.screen_stack) > 1 and self.screen is not self.day_screen:
            self.pop_screen()
        self.when_ready(lambda: self.days.jump(message.day, message.task_id))

    def history_source(self) -> HistorySource:
        """The history index for one statistics or search screen (ui/history_source.py)."""
        from smm_tui.ui.history_source import HistorySource  # on use: not on the first-frame path

        return HistorySource(self.data_dir, self.clock)

    @on(messages.ReminderRequested)
    def _reminder_requested(self, message: messages.ReminderRequested) -> None:
        from smm_tui.ui.reminder_desk import request  # with the reminder service: not first-frame

        request(self, message.action)

    def toggle(self, task_id: str) -> None:
        """Toggle a task of the day on screen (what space does; tests call it directly)."""
        from smm_tui.core.history import Toggle

        self.when_ready(lambda: self.apply_operation(Toggle(task_id, self.clock.now())))

    def undo(self, *, redo: bool = False) -> None:
        """Undo (or redo) the last change, on whatever day it was made."""
        def run() -> None:
            self.days.undo(redo=redo)
            self.week.poll()  # the undone change may be on a day of the open week

        self.when_ready(run)

    def apply_operation(self, operation: Operation, *, day: date | None = None) -> bool:
        """Apply one change through the change controller and show the outcome (the reminders' seam too)."""
        saved = self.days.apply(operation, day)
        self.week.poll()  # the changed day may be a column of the open week: show it now, not in 1 s
        return saved

