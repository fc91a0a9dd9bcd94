"""The week on screen: which seven days, their states as read from the store, and keeping them current.

The app owns one `WeekView`, as it owns the `DayView`. It pushes the week
screen, reads each day the way the day view does (`ui.loading.read_day`:
the store's content cache, the snapshot refreshed on the way) and keeps the
`DayState`s: a key press never reads a file again. A day is read again only
when its signature (a stat of its file, or of routine.toml for a day without
one) changed - checked on the app's 1 s poll and right after each change -
so a tick, an undo, a move, `smm-tui done` in another terminal or an editor
all show within a second.

Before the store is ready (`smm-tui --view week`, the first frame) the days
come from their snapshots (`startup.first_frame_timeline`, no pydantic; the
day screen's day is the timeline it already has); the validated read
replaces them once the start-up worker is done.

It drives the app through the `WeekHost` Protocol and never imports it; the
screen module is imported when the week is first opened, so the day view's
first frame never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.core.weeks import week_of
from smm_tui.ui.loading import DayState, read_day, signature
from smm_tui.ui.startup import first_frame_timeline

if TYPE_CHECKING:
    from textual.screen import Screen

    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.store import Store
    from smm_tui.core.timeline import Timeline
    from smm_tui.ui.screens.week import WeekScreen
    from smm_tui.ui.widgets.week_rows import Column

DEFAULT_WEEK_START = "monday"
"""config's `week_start` default (ISO 8601; see docs/config.md for why not the locale's)."""


class WeekHost(Protocol):
    """What the week view reads from the app."""

    data_dir: Path
    store: Store | None
    settings: Settings | None
    settings_problem: str
    config_path: Path
    clock: Clock
    ready: bool
    first_timeline: Timeline | None
    """The day screen's first frame (from its snapshot), reused for that day's column until the store is ready."""

    @property
    def screen(self) -> Screen[Any]: ...


class WeekView:
    """The week shown (if any), its days' last read states, and the rules for keeping them current."""

    def __init__(self, host: WeekHost, push: Callable[[WeekScreen, Callable[[date | None], None]], object],
                 on_close: Callable[[date | None], object]) -> None:
        self.host = host
        self.push = push
        """Textual's push_screen with a callback for the result (the app's)."""
        self.on_close = on_close
        """Called with the week screen's result: None (back to the day) or the day to open."""
        self.screen: WeekScreen | None = None
        self.days: list[date] = []
        self.states: dict[date, DayState] = {}
        """Days as last read through the store (validated), by date; kept while the app runs."""

    @property
    def is_open(self) -> bool:
        return self.screen is not None

    def week_start(self) -> str:
        settings = self.host.settings
        return settings.week_start if settings is not None else DEFAULT_WEEK_START

    def open(self, day: date) -> None:
        """Show the week holding `day` (pushing the week screen if it is not open), `day` selected."""
        self.days = week_of(day, self.week_start())
        if self.screen is None:
            from smm_tui.ui.screens.week import WeekScreen  # not on the day view's first-frame path

            self.screen = WeekScreen(self.host.clock, day, mounted=lambda: self.show(day))
            self.push(self.screen, self._closed)
            return
        self.show(day)

    def _closed(self, result: date | None) -> None:
        self.screen = None
        self.on_close(result)

    def read(self, day: date) -> DayState:
        """The day through the store, or its last state when its files did not change since."""
        host = self.host
        assert host.store is not None
        state = self.states.get(day)
        if state is not None and state.signature == signature(host.store, day):
            return state
        state = read_day(host.store, host.settings, day, host.config_path, snapshot_ok=not host.settings_problem)
        self.states[day] = state
        return state

    def columns(self) -> list[Column]:
        """The week's columns: validated days once the store is ready, snapshots before."""
        from smm_tui.ui.widgets.week_rows import Column  # with the week screen: not day-view first-frame

        host = self.host
        for old in set(self.states) - set(self.days):  # another week: keep only this one's days
            del self.states[old]
        out = []
        for day in self.days:
            if host.store is not None and host.ready:
                state = self.read(day)
                out.append(Column(day, state.timeline, state.problem))
            elif host.store is None and host.ready:
                out.append(Column(day, None, "no data dir"))
            else:  # the first frame: the snapshot, validated a moment later
                out.append(Column(day, first_frame_timeline(host.first_timeline, host.data_dir, day,
                                                            host.config_path)))
        return out

    def show(self, day: date | None = None) -> None:
        """Read (what changed of) the week and hand it to the screen."""
        if self.screen is None or not self.screen.composed:
            return  # not yet: the screen calls this once it is mounted
        blocked = "" if self.host.store is not None or not self.host.ready else \
            "Changes cannot be saved: the data dir could not be opened."
        self.screen.show(self.columns(), self.host.clock.now(), day=day, blocked=blocked)

    def poll(self) -> None:
        """Re-read the days whose files changed (here, in another process, in an editor); redraw if any did."""
        host = self.host
        if self.screen is None or host.store is None or not host.ready:
            return
        store = host.store
        if any(day not in self.states or self.states[day].signature != signature(store, day) for day in self.days):
            self.show()

    def tick(self) -> None:
        """The clock moved: the now line and the marks."""
        if self.screen is not None and self.screen.composed:
            self.screen.refresh_time(self.host.clock.now())

    def loaded(self) -> None:
        """The store and settings are ready: the validated days replace the snapshots (and the
        configured first weekday takes over)."""
        if self.screen is None:
            return
        day = self.screen.day
        self.days = week_of(day, self.week_start())
        self.show(day)
