"""Start-up in one room: every trick that makes the first frame as fast as a blank Textual app.

The target: the first paint of today, with a year of history, within 1.2x of
a blank Textual app started the same way (benchmarks/first_paint.py). What
stands between smm-tui and that blank app is pydantic (validating config,
themes and the day costs more than the whole margin), and a handful of
milliseconds spent on imports and class creation. What each trick buys,
measured on the development machine (2 shared cores):

1. Caches instead of validation. The first frame is drawn from data that was
   validated on an earlier run and cached by content: the day's timeline
   from its snapshot (`core.snapshot`), the theme from its theme document
   (`themes.cache`), the keymap and theme name read from config.toml with
   tomllib. A thread worker validates everything a moment later
   (`ui.loading.load`) and `adopt` swaps the validated state in (settings,
   themes, keymap, store, the day). Buys 40-80 ms.
2. Lazy imports. Everything not needed to draw that frame is imported later
   or when first used: the store, pydantic, the reminder service, exports,
   the form, the filter bar, the footer (mounted right after the first
   frame), argparse, zoneinfo, tomllib when there is no config. This is why
   some modules import inside functions; each such import is either here or
   marked with what it saves.
3. No re-parse for the initial theme (`set_initial_theme`): assigning
   `App.theme` queues a re-parse of every stylesheet (~9 ms) before anything
   was parsed; we hand the stylesheet the theme's variables instead. And
   `App.__init__` does not generate its default theme's variables for the
   stylesheet it creates (`SmmApp.get_css_variables` gives none while the
   app is constructed): they were replaced right after, unused (~0.8 ms).
   Guarded by tests/ui/test_startup_imports.py
   (test_the_first_frame_is_drawn_from_caches_without_later_modules: the
   theme's variables are generated once before the first frame).
4. Garbage collection paused until the first frame (`paused_collection`):
   start-up allocates much and frees little, and the collector's passes over
   those objects cost ~5% of the first paint. Turned on again by
   `first_frame_drawn`, right after the frame.
5. Cheap classes on the first-paint path. `core.timeline`'s value classes
   are written by hand (frozen, slotted, compared by field) instead of
   `@dataclass(frozen=True, slots=True)`: a dataclass execs generated code
   per class, measured 2.5-3 ms for that module's five classes - a tenth of
   the margin. `ui.loading.DayState` and `ui.widgets.rows.Row` are plain
   slotted classes for the same reason. Reactive attributes are used where
   the first frame does not pay for them (header, detail pane, timeline
   cursor: a class-level descriptor each, set after mount); the timeline's
   rows stay a plain list, because comparing a new list against the old one
   on every assignment would cost more than the redraw it saves.
6. The built-in hash module. `core.snapshot` and `themes.cache` hash with
   `_blake2` (0.3 ms) rather than `hashlib` (1.3 ms: it also loads the
   OpenSSL binding for algorithms never used here). The import sits in
   `core.snapshot` because the core cannot import the UI.
7. No `importlib.resources` (~3 ms with zipfile, measured in the app's
   start-up) for the built-in themes' folder, which every first frame looks
   its theme up in: it is the `builtin/` dir beside the themes package
   (`themes.builtin_dir`), the path importlib.resources answers for a
   package installed as files.
8. The week's styles in its own DEFAULT_CSS, not in app.tcss: every other
   start parsed the week's 12 rules for nothing (~0.8 ms). An earlier stop
   had moved them into app.tcss, reading part of a ~130 ms gain on
   `--view week` as Textual re-parsing every stylesheet for a DEFAULT_CSS
   met after start-up. Textual 8.2.8 does not: it parses the new source
   alone (`Stylesheet.parse` keeps every parsed source) and styles only
   the new widgets. (The same change also mounted the week's footer after
   its first frame, and a Footer mounts a widget per key.) Measured with
   both placements: the week's first paint 1.205x and 1.241x with DEFAULT_CSS
   against 1.225x and 1.202x with app.tcss (two runs each of
   `benchmarks/first_paint.py --week`). The week's modules stay off the day
   view's first frame (guarded below), its footer and status line come
   after its first frame, and `--view week` skips argparse like the bare
   command (cli/__init__.py).
9. `--view week` pushes the week screen right after the app's mount handler
   (`call_next`), not from within it. Pushed within it, the push happens
   inside Textual's start-up batch: the week is laid out but not drawn, the
   day screen beneath mounts and is laid out, and the frame waits for the
   screen's next update tick - in process, 55 ms from the app's mount to
   the week on screen, against 21 ms for the day view. Pushed after, the
   week is drawn as soon as it is laid out, before the day screen beneath
   mounts (~25 ms). Guarded by tests/ui/test_week.py
   (test_view_week_pushes_the_week_once_the_app_is_mounted).
10. `--view week`'s first frame does each thing once. Its seven days come
   from their snapshots (`first_frame_timeline`): the day screen's day is
   the timeline already read for the day screen beneath (`prepare`), and the
   snapshot key's code fingerprint (a scan of two package dirs) is taken
   once per process (`core.snapshot._code_fingerprint`), not once per day.
   The grid keeps its column layout between lines (`WeekGrid._layout`):
   worked out per line, it read the widget's size (a walk up to the screen)
   several times a line, a quarter of drawing the grid (37 lines: 2.6 ->
   1.9 ms). The week screen's status line, like its footer, is imported
   when it is mounted, after the first frame. With item 7, the week's first
   frame in process went from 1.225x to 1.18x of a blank app's (medians of
   40 interleaved headless runs). Guarded by tests/ui/test_startup_imports.py
   (test_the_week_first_frame_reads_each_snapshot_once_without_later_modules)
   and tests/ui/test_week.py
   (test_a_frame_works_out_its_columns_once_and_they_follow_the_cursor).
11. `--view scale`'s first frame without the zone database. Laying the day
   out to scale needs wall times of instants (row labels, gap labels, the
   day's window), and loading the day's zone (zoneinfo with sysconfig) cost
   that frame ~2.5 ms. A day whose zone keeps one UTC offset from a day
   before it to a day after it (all but a few days a year) carries that
   offset in its timeline and snapshot (`Timeline.utc_offset`), and
   `Timeline.wall_zone` is then a fixed offset: the same wall times there.
   The day screen's `-scaled` class is set while composing without a
   restyle of its own (~0.4 ms: the screen is styled with its children
   right after), and the hidden list cannot take the focus, so no view is
   focused - and styled a second time, ~0.9 ms - before the frame; the
   scaled view takes it right after (`ScaledDay.compose_views`). Guarded by
   tests/ui/test_startup_imports.py
   (test_the_scaled_first_frame_needs_no_zone_database_and_no_list), for the wall times
   by tests/unit/test_steady_offset.py, for the focus by
   tests/ui/test_scale_view.py (test_starts_in_the_scaled_view).
12. The scaled view draws cheaply. Text of one-cell characters is painted
   as a slice and measured by its length (`painter._NARROW`, guarded by
   tests/unit/test_painter.py against a cell-by-cell reference painter);
   the layout's records are tuple subclasses rather than NamedTuples, which
   exec generated code per class (`core.records.record`: ~0.5 ms for seven,
   guarded by tests/unit/test_scale_records.py); and the view has seven
   component classes like the list, each of which Textual matches on every
   style update of the widget (tests/ui/test_scale_view.py). Drawing its
   first screenful went from 5.5 to 4.3 ms in process.
13. A scaled start mounts the hidden list after its first frame. The list
   holds the cursor of both views, so the day screen creates it up front
   (`DayScreen.timeline_view`), but Textual styles a hidden widget like a
   shown one - its CSS and component classes when it is mounted and again
   when the screen is first shown - and mounts and lays it out: about 5 ms
   of `--view scale`'s first paint in process (medians of 20 interleaved
   runs, 4.6 to 7 ms). `ScaledDay.compose_views` yields the scaled view
   alone and `mount_list` adds the list right after the frame (or at once,
   for a `v` that comes first); until then keys act on the unmounted list,
   whose messages wait in its queue. Guarded by
   tests/ui/test_startup_imports.py
   (test_the_scaled_first_frame_needs_no_zone_database_and_no_list) and,
   for the list drawn late, tests/ui/test_scale_view.py
   (test_starts_in_the_scaled_view).
14. The week's grid takes the focus right after the week's first frame. A
   widget focused while its screen composes is styled a second time before
   the frame (the :focus state: its CSS and eight component classes again,
   ~0.7 ms of `--view week`'s first paint and of every `w`). So the grid is
   composed unfocusable and `WeekScreen._after_first_frame` focuses it;
   until then it draws its cursor in the focused colour (`focus_coming`),
   so the first frame looks as it did. Guarded by tests/ui/test_week.py
   (test_the_grid_is_focused_after_its_first_frame_and_drawn_as_focused_before).

Guarded by tests/ui/test_startup_imports.py: it runs the real `smm-tui` entry
point in a fresh interpreter up to the first frame and fails if any module
of its LATER list (pydantic, the store, the reminder service and engine, the
export package, the history, argparse, zoneinfo, tomllib, hashlib, ...) was
imported by then, or if the frame did not come from the snapshot.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.core import snapshot
from smm_tui.core.regular import MAX_FILE_BYTES, read_regular
from smm_tui.core.timeline import Timeline
from smm_tui.themes import DEFAULT_THEME
from smm_tui.themes.cache import cache_usable, quick_theme
from smm_tui.ui.commands import apply_keymap

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

    from smm_tui.config import Settings
    from smm_tui.core.changes import ChangeController
    from smm_tui.core.clock import Clock
    from smm_tui.core.store import Store
    from smm_tui.ui.day_view import DayView
    from smm_tui.ui.loading import Loaded
    from smm_tui.ui.screens.day import DayScreen
    from smm_tui.ui.theming import AppThemes


class StartingApp(Protocol):
    """What `prepare` reads from and sets on the app before it runs."""

    data_dir: Path
    config_path: Path
    clock: Clock
    themes: AppThemes
    theme: str

    @property
    def day(self) -> date: ...

    def set_keymap(self, keymap: Mapping[str, str]) -> None: ...

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


class AdoptingApp(StartingApp, Protocol):
    """What `start_loader` and `adopt` use and set on the app once the first frame is drawn."""

    settings: Settings | None
    settings_problem: str
    store: Store | None
    changes: ChangeController | None
    days: DayView

    @property
    def day_screen(self) -> DayScreen: ...

    def run_worker(self, work: Callable[[], object], name: str | None = ..., group: str = ..., *,
                   thread: bool = ..., exit_on_error: bool = ...) -> Worker[Any]: ...


class QuickStart:
    """The unvalidated-but-cached state of the first frame."""

    __slots__ = ("timeline", "theme_doc", "theme_name", "keymap")

    def __init__(self, timeline: Timeline | None = None, theme_doc: dict[str, Any] | None = None,
                 theme_name: str = DEFAULT_THEME, keymap: dict[str, str] | None = None) -> None:
        self.timeline = timeline
        """The day from its snapshot; None on a miss (the screen says "Loading…")."""
        self.theme_doc = theme_doc
        self.theme_name = theme_name
        self.keymap = keymap or {}


def _config_values(config: Path) -> dict[str, Any]:
    try:
        text = read_regular(config, MAX_FILE_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}  # reported by the validated load
    import tomllib  # only when there is a config: the import alone is a few ms

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def snapshot_timeline(data_dir: Path, day: date, config: Path) -> Timeline | None:
    if os.environ.get("SMM_TUI_NO_SNAPSHOT") or not cache_usable(data_dir):
        return None
    key = snapshot.key(data_dir, day, config)
    doc = snapshot.load(data_dir, day, key) if key else None
    if doc is None:
        return None
    try:
        return Timeline.from_doc(doc)
    except (KeyError, TypeError, ValueError):
        return None


def first_frame_timeline(first: Timeline | None, data_dir: Path, day: date, config: Path) -> Timeline | None:
    """Trick 10: `day` for a first frame from its snapshot; `first` (the day screen's, see `prepare`)
    when it is that day, rather than reading and keying the same snapshot again."""
    if first is not None and first.date == day:
        return first
    return snapshot_timeline(data_dir, day, config)


def quick_start(data_dir: Path, config: Path, day: date) -> QuickStart:
    """Trick 1: the first frame's day, theme and keymap from the caches and config.toml, no pydantic."""
    values = _config_values(config)
    name = values.get("theme")
    name = name if isinstance(name, str) and name else DEFAULT_THEME
    keymap = values.get("keymap")
    keymap = {k: v for k, v in keymap.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(keymap, dict) else {}
    theme_doc = quick_theme(name, config, data_dir)
    if theme_doc is None and name != DEFAULT_THEME:
        name = DEFAULT_THEME
        theme_doc = quick_theme(name, config, data_dir)
    return QuickStart(snapshot_timeline(data_dir, day, config), theme_doc, name, keymap)


def prepare(app: StartingApp, store: Store | None, settings: Settings | None) -> tuple[Timeline | None, Loaded | None]:
    """The first frame's day, theme and keymap: (the timeline to draw first, everything validated or None).

    Without a store (a real start) they come from the caches (trick 1) and a
    worker loads the rest after the first frame. Given an opened store
    (tests, embedding) everything is loaded and validated right here, so even
    the first frame shows the validated day in the configured theme.
    """
    if store is None:
        quick = quick_start(app.data_dir, app.config_path, app.day)
        if quick.theme_doc is not None:
            app.themes.register({quick.theme_name: quick.theme_doc})
        # Textual's default theme when there is no cached one (the loader brings the configured one).
        set_initial_theme(app, quick.theme_name if quick.theme_doc is not None else app.theme)  # type: ignore[arg-type]
        apply_keymap(app, quick.keymap)
        return quick.timeline, None
    from smm_tui.ui.loading import load

    loaded = load(app.data_dir, app.config_path, app.clock, app.day, settings=settings, store=store)
    app.themes.register(loaded.themes)
    set_initial_theme(app, app.themes.wanted(loaded.settings.theme))  # type: ignore[arg-type]
    return (loaded.state.timeline if loaded.state is not None else None), loaded


def start_loader(app: AdoptingApp) -> None:
    """Right after the first frame: collect garbage again (trick 4) and validate everything in a
    thread worker named "load"; the app hands its result to `adopt`."""
    from smm_tui.ui.loading import load  # pydantic, the store: after the first frame (trick 2)

    first_frame_drawn()
    app.run_worker(partial(load, app.data_dir, app.config_path, app.clock, app.day, settings=app.settings),
                   name="load", thread=True, exit_on_error=True)


def adopt(app: AdoptingApp, loaded: Loaded) -> None:
    """The validated state replaces the first frame's: settings, themes, keymap, store, the day.

    Problems are said once here (a broken config.toml: the defaults are used;
    a data dir that cannot be opened: nothing can be saved).
    """
    from smm_tui.core.changes import ChangeController  # with the undo history: not first-frame

    app.settings, app.settings_problem = loaded.settings, loaded.settings_problem
    if loaded.settings_problem:
        app.notify(f"{loaded.settings_problem} (using default settings)", title="config.toml",
                   severity="error", timeout=15, markup=False)
    app.themes.adopt(loaded.themes, loaded.theme_failures, loaded.settings.theme)
    apply_keymap(app, dict(loaded.settings.keymap), config_path=app.config_path)
    app.day_screen.default_lead = loaded.settings.lead_minutes
    app.day_screen.configure_scale(loaded.settings.task_minutes, loaded.settings.lanes, loaded.settings.bands.starts())
    app.day_screen.humanize = loaded.humanize
    app.store = loaded.store
    if loaded.store is not None:
        app.changes = ChangeController(loaded.store)
    if loaded.store_problem:
        app.notify(f"{loaded.store_problem} (changes cannot be saved)", severity="error",
                   timeout=30, markup=False)
        app.days.show_store_problem(loaded.store_problem)
    elif loaded.state is not None:
        app.days.show(loaded.state)


def set_initial_theme(app: App[Any], name: str) -> None:
    """Trick 3: start in theme `name` without the full CSS re-parse that setting `App.theme` queues.

    Assigning `app.theme` runs Textual's theme watcher, which schedules a
    re-parse of every stylesheet - about 9 ms here, a quarter of the
    first-paint margin - although nothing has been parsed yet. Before the app
    runs it is enough to do what `App.__init__` does for its default theme:
    hand the stylesheet this theme's variables and set the dark/light classes.
    (ANSI colours would still be mapped with the dark terminal palette; the
    app uses none.) Later changes go through `app.theme` as usual.
    """
    app.set_reactive(type(app).theme, name)  # the class attribute is Textual's reactive descriptor
    dark = app.current_theme.dark
    app.stylesheet.set_variables(app.get_css_variables())
    app.set_class(dark, "-dark-mode", update=False)
    app.set_class(not dark, "-light-mode", update=False)


@contextmanager
def paused_collection() -> Iterator[None]:
    """Trick 4: no cyclic garbage collection until the first frame (or until the app ends)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def first_frame_drawn() -> None:
    """The first frame is on screen: collect garbage as usual again."""
    gc.enable()
