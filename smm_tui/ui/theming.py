"""The app's themes: the validated theme documents, the choice and its saving.

Themes are Textual `Theme` objects registered on the app (themes.bridge),
one per valid theme document: the first frame's from the cache (ui/startup.py),
all of them once the start-up worker has validated them. Choosing a theme in
the palette switches at once and saves only config.toml's `theme` line
(themes.choice); the exports read the same theme as a validated ThemeSpec.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui.themes import DEFAULT_THEME
from smm_tui.themes.bridge import to_textual

if TYPE_CHECKING:
    from textual.app import App

    from smm_tui.core.errors import Problem
    from smm_tui.themes.spec import ThemeSpec


class AppThemes:
    """The theme documents registered on one app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.docs: dict[str, dict[str, Any]] = {}

    def register(self, docs: dict[str, dict[str, Any]]) -> None:
        for name, doc in docs.items():
            self.app.register_theme(to_textual(doc))
            self.docs[name] = doc

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
