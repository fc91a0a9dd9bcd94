"""The app's themes: the validated theme documents, the choice and its saving.

Themes are Textual `Theme` objects registered on the app (themes.bridge),
one per valid theme document: the first frame's from the cache (ui/startup.py),
all of them once the start-up worker has validated them. Choosing a theme in
the palette switches at once and saves only config.toml's `theme` line
(themes.choice); the exports read the same theme as a validated ThemeSpec.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.themes import DEFAULT_THEME
from smm_tui.themes.bridge import to_textual

if TYPE_CHECKING:
    from textual.theme import Theme

    from smm_tui.core.errors import Problem
    from smm_tui.themes.spec import ThemeSpec
    from smm_tui.ui.day_view import DayView


class ThemeHost(Protocol):
    """What the themes need of the app: Textual's theme registry and current theme, and config.toml."""

    theme: str
    config_path: Path
    settings_problem: str

    def register_theme(self, theme: Theme) -> None: ...

    def when_ready(self, callback: Callable[[], object]) -> None: ...

    @property
    def days(self) -> DayView: ...

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


class AppThemes:
    """The theme documents registered on one app."""

    def __init__(self, app: ThemeHost) -> None:
        self.app = app
        self.docs: dict[str, dict[str, Any]] = {}

    def register(self, docs: dict[str, dict[str, Any]]) -> None:
        for name, doc in docs.items():
            self.app.register_theme(to_textual(doc))
            self.docs[name] = doc

    def adopt(self, docs: dict[str, dict[str, Any]], failures: list[Problem], configured: str) -> None:
        """The validated themes arrived: register them, switch to the configured one (or the default)
        and report everything wrong with themes in one notification."""
        self.register(docs)
        wanted = self.wanted(configured)
        if problems := problems_text(failures, configured, wanted):
            self.app.notify(problems, title="Theme problem", severity="warning", timeout=15, markup=False)
        if self.app.theme != wanted:
            self.app.theme = wanted

    def choose(self, name: str) -> None:
        """Switch to theme `name` now; save the choice in config.toml once it is known to be valid."""
        if name not in self.docs:
            self.app.notify(f"Unknown theme {name!r}.", severity="error", markup=False)
            return
        self.app.theme = name
        self.app.when_ready(lambda: self._save(name))

    def _save(self, name: str) -> None:
        message, saved = save_choice(self.app.config_path, name, self.app.settings_problem)
        severity = "information" if saved else "warning" if self.app.settings_problem else "error"
        self.app.notify(message, severity=severity, markup=False)
        if saved:
            self.app.days.refresh_snapshot()  # config.toml changed: so did the key of the day's snapshot

    def wanted(self, name: str) -> str:
        """`name` if it is a valid smm-tui theme, else the default."""
        return name if name in self.docs else DEFAULT_THEME

    def choices(self) -> list[tuple[str, str]]:
        """(name, description) of every smm-tui theme, for the palette."""
        return [(name, doc.get("description", "")) for name, doc in sorted(self.docs.items())]

    def spec(self, name: str) -> ThemeSpec | None:
        """Theme `name` as a validated ThemeSpec for the exports (None: the export's default look)."""
        doc = self.docs.get(name)
        if doc is None:
            return None
        from smm_tui.themes.spec import ThemeSpec

        return ThemeSpec.model_validate({k: doc[k] for k in ("name", "description", "dark", "colors", "kinds")
                                         if k in doc})


def problems_text(failures: list[Problem], configured: str, wanted: str) -> str:
    """Everything wrong with themes in one notification: the broken files and the fallback ('' if none)."""
    lines = [str(problem) for problem in failures]
    if wanted != configured:
        lines.append(f"theme {configured!r} is not available: using {wanted}")
    elif lines:
        lines.append("(those files are skipped)")
    return "\n".join(lines)


def save_choice(config: Path, name: str, settings_problem: str) -> tuple[str, bool]:
    """Save theme `name` in config.toml: (the line to show, whether it was saved)."""
    if settings_problem:
        return (f"Theme {name} is used now but not saved: config.toml has a problem "
                f"({settings_problem}); fix it first."), False
    from smm_tui.themes.choice import save_theme_choice

    problem = save_theme_choice(config, name)
    if problem is not None:
        return str(problem), False
    return f"Theme {name} saved in {config}.", True
