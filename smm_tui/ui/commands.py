"""Every user command in one table: key bindings, help, footer and palette come from it.

Why one table: a binding, its help line and its palette entry must never
disagree, and a later feature (export: `E`) should be one row here plus one
action method. Each row has a binding id ("task.toggle") that config.toml's
`[keymap]` can remap; the help screen shows the keys actually in effect.
Rows without default keys ("export.svg") are palette entries only.

The command palette provider lists the same rows with area prefixes
("task: toggle done", "day: next") plus one "theme: NAME" per theme and one
"reminder: snooze N min" per snooze choice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, Protocol, cast

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from smm_tui.core.records import record


class ActionTarget(Protocol):
    """The app or the day screen, as a command's action runs on it."""

    def run_action(self, action: str) -> Awaitable[bool]: ...


class PaletteHost(ActionTarget, Protocol):
    """What the palette provider asks of the app (a Protocol: this module does not import the app)."""

    @property
    def day_screen(self) -> ActionTarget: ...

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def snooze_palette(self) -> list[tuple[str, str, Callable[[], None]]]: ...

    @property
    def themes(self) -> ThemeChooser: ...


class ThemeChooser(Protocol):
    """The app's themes as the palette sees them (ui/theming.py's AppThemes)."""

    def choices(self) -> list[tuple[str, str]]: ...

    def choose(self, name: str) -> None: ...


class KeymapHost(Protocol):
    """What applying config's [keymap] needs of the app: Textual's keymap and a way to warn."""

    def set_keymap(self, keymap: Mapping[str, str]) -> None: ...

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


@record
class Command(tuple[str, str, str, str, str | None, bool, str | None, bool]):
    """One user command: a tuple with a property per field (`core.records`: a NamedTuple cost the first
    frame ~0.25 ms to define)."""

    __slots__ = ()
    id: str
    """Binding id for `[keymap]`, e.g. "task.toggle"."""
    keys: str
    """Default keys, comma-separated Textual key names."""
    action: str
    """Action name; runs on the day screen unless `app_level`."""
    description: str
    """Short label for the footer and help."""
    palette: str | None
    """Title in the command palette ("task: toggle done"), None to leave it out."""
    show: bool
    """Shown in the footer."""
    key_display: str | None
    app_level: bool
    """Bound on the app (works on every screen) rather than the day screen."""

    def __new__(cls, id: str, keys: str, action: str, description: str, palette: str | None = None,
                show: bool = False, key_display: str | None = None, app_level: bool = False) -> Command:
        return tuple.__new__(cls, (id, keys, action, description, palette, show, key_display, app_level))

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show, id=self.id,
                       key_display=self.key_display)


DAY_COMMANDS: tuple[Command, ...] = (
    Command("cursor.down", "down,j", "cursor_down", "Down"),
    Command("cursor.up", "up,k", "cursor_up", "Up"),
    Command("cursor.first", "g,home", "cursor_first", "First slot"),
    Command("cursor.last", "G,end", "cursor_last", "Last slot"),
    Command("cursor.page_down", "pagedown", "page_down", "Page down"),
    Command("cursor.page_up", "pageup", "page_up", "Page up"),
    Command("view.now", "n", "jump_now", "Now", "view: jump to now"),
    Command("task.toggle", "space,x", "toggle_done", "Done", "task: toggle done", show=True, key_display="space"),
    Command("task.skip", "s", "skip", "Skip", "task: skip", show=True),
    Command("task.add", "a", "add", "Add", "task: add", show=True),
    Command("task.edit", "e", "edit", "Edit", "task: edit", show=True),
    Command("task.delete", "d", "delete", "Delete", "task: delete", show=True),
    Command("task.details", "enter", "details", "Details", "task: show details"),
    Command("history.undo", "u", "undo", "Undo", "task: undo", show=True),
    Command("history.redo", "ctrl+r", "redo", "Redo", "task: redo"),
    Command("day.prev", "left_square_bracket", "prev_day", "Prev day", "day: previous", key_display="["),
    Command("day.next", "right_square_bracket", "next_day", "Next day", "day: next", key_display="]"),
    Command("day.today", "t", "today", "Today", "day: today"),
    Command("view.filter", "slash", "filter", "Filter", "view: filter by text, kind or platform", show=True,
            key_display="/"),
    Command("task.postpone", "greater_than_sign", "postpone", "To tomorrow", "task: move to tomorrow",
            key_display=">"),
    Command("task.pull", "less_than_sign", "pull_to_today", "To today", "task: move to today", key_display="<"),
    Command("task.move", "m", "move", "Move", "task: move to another day or time"),
    Command("view.week", "w", "week", "Week", "view: week"),
    Command("view.scale", "v", "toggle_scale", "Scale", "view: list or to scale"),
    Command("view.finer", "plus,equals_sign", "scale_finer", "Finer", "view: finer time steps", key_display="+"),
    Command("view.coarser", "minus", "scale_coarser", "Coarser", "view: coarser time steps", key_display="-"),
    Command("view.lanes", "p", "toggle_lanes", "Lanes", "view: platform lanes"),
    Command("view.free", "f", "next_free", "Next free", "view: jump to the next free gap"),
    Command("history.stats", "S", "stats", "Statistics", "history: statistics"),
    Command("history.search", "ctrl+f", "search", "Search", "history: search all days"),
    Command("reminder.snooze", "z", "snooze", "Snooze", "reminder: snooze (choose how long)"),
    Command("reminder.done", "D", "reminder_done", "Done (reminder)", "reminder: done (tick off its slot)"),
    Command("export.day", "E", "export", "Export", "export: day (choose format and folder)"),
    # Palette-only rows (no default key): the dialog opens with the format chosen.
    *(Command(f"export.{fmt}", "", f"export('{fmt}')", f"Export {label}", f"export: day as {label}")
      for fmt, label in (("svg", "SVG"), ("html", "HTML"), ("ics", "iCalendar"), ("md", "Markdown"),
                         ("txt", "text"), ("json", "JSON"))),
)

WEEK_COMMANDS: tuple[Command, ...] = (
    # The week screen's own keys (screens/week.py). Their titles name them in the help; the
    # palette leaves them out (it runs its commands on the day screen or the app).
    Command("week.left", "left,h", "step_day(-1)", "Prev day", "week: previous day", key_display="←/h"),
    Command("week.right", "right,l", "step_day(1)", "Next day", "week: next day", key_display="→/l"),
    Command("week.up", "up,k", "cursor_up", "Up", "week: previous slot"),
    Command("week.down", "down,j", "cursor_down", "Down", "week: next slot"),
    Command("week.first", "g,home", "cursor_first", "First slot", "week: first slot of the day"),
    Command("week.last", "G,end", "cursor_last", "Last slot", "week: last slot of the day"),
    Command("week.toggle", "space,x", "toggle_done", "Done", "week: toggle done", show=True,
            key_display="space"),
    Command("week.postpone", "greater_than_sign", "postpone", "To tomorrow", "week: move to the next day", show=True,
            key_display=">"),
    Command("week.open", "enter", "open_day", "Open day", "week: open the day in the day view", show=True),
    Command("week.undo", "u", "undo", "Undo", "week: undo", show=True),
    Command("week.redo", "ctrl+r", "redo", "Redo", "week: redo"),
    Command("week.prev", "left_square_bracket", "turn(-1)", "Prev week", "week: previous week", key_display="["),
    Command("week.next", "right_square_bracket", "turn(1)", "Next week", "week: next week", key_display="]"),
    Command("week.today", "t", "turn(0)", "This week", "week: this week"),
    Command("week.back", "w,escape", "back", "Day view", "week: back to the day view", show=True,
            key_display="w"),
)
"""The week's keys, bound on the week screen only (help lists them as "week: ...")."""

STATS_COMMANDS: tuple[Command, ...] = (
    # The statistics screen's own keys (screens/stats.py), as the week's: named in the help, not in the palette.
    Command("stats.week", "w", "range('week')", "This week", "statistics: this week", show=True),
    Command("stats.4weeks", "4", "range('4weeks')", "4 weeks", "statistics: the last 4 weeks", show=True),
    Command("stats.month", "m", "range('month')", "This month", "statistics: this month", show=True),
    Command("stats.range", "r", "choose", "Range…", "statistics: a chosen range (first and last day)", show=True),
    Command("stats.earlier", "left_square_bracket", "step(-1)", "Earlier", "statistics: the period before",
            show=True, key_display="["),
    Command("stats.later", "right_square_bracket", "step(1)", "Later", "statistics: the period after", show=True,
            key_display="]"),
    Command("stats.close", "escape", "close", "Close", "statistics: back to the day", show=True),
)
"""The statistics screen's keys, bound on that screen only (help lists them as "statistics: ...")."""

SEARCH_COMMANDS: tuple[Command, ...] = (
    # The search screen's own keys (screens/search.py); the text field keeps the focus, so letters are typed.
    Command("search.down", "down", "cursor(1)", "Next", "search: next result"),
    Command("search.up", "up", "cursor(-1)", "Previous", "search: previous result"),
    Command("search.jump", "enter", "jump", "Show that day", "search: show the result's day", show=True),
    Command("search.close", "escape", "close", "Close", "search: back to the day", show=True),
)
"""The search screen's keys, bound on that screen only (help lists them as "search: ...")."""

APP_COMMANDS: tuple[Command, ...] = (
    Command("app.help", "question_mark,f1", "help", "Help", "app: help (keys and marks)", show=True,
            key_display="?", app_level=True),
    Command("sync.now", "ctrl+s", "sync_now", "Sync", "sync: now", app_level=True),
    Command("app.quit", "q", "quit", "Quit", "app: quit", show=True, app_level=True),
)


def all_commands() -> tuple[Command, ...]:
    """Every row, in the help's order: the day's, each other screen's, then the app's."""
    return DAY_COMMANDS + WEEK_COMMANDS + STATS_COMMANDS + SEARCH_COMMANDS + APP_COMMANDS


def known_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """config's [keymap] split into the entries for known binding ids and the unknown ids."""
    known = {command.id for command in all_commands() if command.keys}  # palette-only rows have no binding
    return {key: value for key, value in keymap.items() if key in known}, sorted(set(keymap) - known)


def apply_keymap(app: KeymapHost, keymap: dict[str, str], *, config_path: Path | None = None) -> None:
    """config's [keymap] onto the bindings; with `config_path`, unknown ids are reported against that file.

    The first frame applies the unvalidated keymap quietly; the validated one
    (after the start-up worker) says what it ignored, once.
    """
    keymap, unknown = known_keymap(keymap)
    if unknown and config_path is not None:
        app.notify(f"{config_path}: [keymap]: unknown binding id(s) {', '.join(unknown)} "
                   f"(press ? to see the ids)", severity="warning", markup=False)
    app.set_keymap(keymap)


def run_command(app: PaletteHost, command: Command) -> None:
    """Run a command of the table: on the app when `app_level`, else on the day screen (the palette)."""
    target = app if command.app_level else app.day_screen
    app.call_later(target.run_action, command.action)


def system_commands(textual_commands: Iterable[SystemCommand], screenshot: Callable[[], object]
                    ) -> Iterator[SystemCommand]:
    """Textual's own commands, minus its theme picker (ours, "theme: ...", saves the choice) and
    with our Screenshot, which saves into the export folder and says where (ui/screenshot.py)."""
    for command in textual_commands:
        if command.title == "Screenshot":
            yield SystemCommand("Screenshot", "Save an SVG picture of the screen into the export folder", screenshot)
        elif command.title != "Theme":
            yield command


def bindings(commands: tuple[Command, ...]) -> list[BindingType]:
    """Key bindings of the rows that have keys (palette-only rows have none)."""
    return [command.binding() for command in commands if command.keys]


def command_by_id(command_id: str) -> Command:
    return next(command for command in all_commands() if command.id == command_id)


class SmmCommands(Provider):
    """The palette: every command of the table, plus one entry per theme."""

    def _entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast(PaletteHost, self.app)
        entries: list[tuple[str, str, Callable[[], object]]] = []
        for command in DAY_COMMANDS + APP_COMMANDS:  # the other screens' keys act on their screen only
            if command.palette:
                entries.append((command.palette, command.description, partial(run_command, app, command)))
        for title, help_text, callback in app.snooze_palette():
            entries.append((title, help_text, callback))
        for name, description in app.themes.choices():
            entries.append((f"theme: {name}", description, partial(app.themes.choose, name)))
        return entries

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
