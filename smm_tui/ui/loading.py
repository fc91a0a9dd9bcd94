"""Reading the day for the app: what the start-up worker loads and what a reload reads.

No textual here: these are functions of the store, the config file and the
clock, run in a thread worker at start-up (`load`) and on the app's thread
for reloads (`read_day`). The app shows what they return.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui.core import snapshot

if TYPE_CHECKING:
    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.errors import Problem
    from smm_tui.core.models import Day
    from smm_tui.core.relative import Humanize
    from smm_tui.core.store import Store
    from smm_tui.core.timeline import BandStarts, Timeline

Signature = tuple[Any, ...]


class DayState:
    """One day as read from the store: its timeline, or the one-line problem with its file.

    (A plain class rather than a dataclass: class creation is start-up time, see ui/startup.py.)
    """

    __slots__ = ("day", "timeline", "problem", "signature", "model")

    def __init__(self, day: date, timeline: Timeline | None, problem: str, signature: Signature,
                 model: Day | None = None) -> None:
        self.day = day
        self.timeline = timeline
        self.problem = problem
        self.signature = signature
        """Changes when the day's file (or routine.toml, for a day without one) changes."""
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
        self.humanize: Humanize | None = None
        """Relative times for the details (arrow, imported here: off the first-paint path)."""


def bands(settings: Settings | None) -> BandStarts:
    """The band starts of `settings` (the defaults before they are loaded)."""
    from smm_tui.core.timeline import BandStarts

    return settings.bands.starts() if settings is not None else BandStarts()


def signature(store: Store, day: date) -> Signature:
    """Changes when the day file (or, for a day without one, routine.toml) changes."""
    from smm_tui.core.outside_edits import signature as file_signature

    own = store.day_signature(day)
    return (own, None) if own is not None else (None, file_signature(store.routine_path))


def read_day(store: Store, settings: Settings | None, day: date, config: Path, *, snapshot_ok: bool) -> DayState:
    """The day as on disk now (signature first, so a later edit is always noticed)."""
    from smm_tui.core.errors import DataError

    sig = signature(store, day)
    try:
        model, timeline = snapshot.build_fresh(store, day, bands(settings), config, cache=snapshot_ok,
                                               source="file" if sig[0] is not None else "routine")
    except DataError as exc:
        return DayState(day, None, str(exc.problems[0]), sig)
    return DayState(day, timeline, "", sig, model)


def load(data_dir: Path, config: Path, clock: Clock, day: date, *, settings: Settings | None = None,
         store: Store | None = None) -> Loaded:
    """Validate settings and themes, open the store, read the day (a thread worker at start-up)."""
    from smm_tui.config import Settings, load_settings
    from smm_tui.core.errors import DataError, SmmError
    from smm_tui.core.store import Store
    from smm_tui.themes.cache import load_all

    settings_problem = ""
    if settings is None:
        try:
            settings = load_settings(config)
        except DataError as exc:
            settings, settings_problem = Settings(), str(exc.problems[0])
    loaded = Loaded(settings, settings_problem)
    try:
        loaded.store = store or Store(data_dir, clock).open()
    except SmmError as exc:
        loaded.store_problem = str(exc)
    # After the store: it creates the data dir that holds the theme cache (or refuses it).
    loaded.themes, loaded.theme_failures = load_all(config, data_dir)
    if loaded.store is not None:
        loaded.state = read_day(loaded.store, settings, day, config, snapshot_ok=not settings_problem)
    from smm_tui.core.relative import humanize  # arrow: 20-70 ms, paid in this worker (ui/startup.py)

    loaded.humanize = humanize
    return loaded
