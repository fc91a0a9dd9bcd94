"""The export session: the dialog's defaults and what it renders, kept off the app.

`E` (or "export: day as ...") opens the export dialog for the day on
screen. The folder and format of the last export are remembered for the rest
of the session and offered next time; svg and html are drawn in the app's
current theme. Imported when the first export is asked for: neither the
dialog nor the export package is part of the first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.core.text import long_date

if TYPE_CHECKING:
    from smm_tui.config import Settings
    from smm_tui.core.store import Store
    from smm_tui.themes.spec import ThemeSpec
    from smm_tui.ui.screens.export import ExportDialog
    from smm_tui.ui.theming import AppThemes


class ExportHost(Protocol):
    """What opening the dialog reads from the app."""

    store: Store | None
    settings: Settings | None
    themes: AppThemes
    theme: str
    cursor_blink: bool

    @property
    def day(self) -> date: ...

    def push_screen(self, screen: Any, callback: Any = ...) -> Any: ...

    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


class Exports:
    """What the export dialog needs, and what it leaves for the next one."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        """The folder of the last export in this session (the dialog's next default)."""
        self.format = "svg"
        """The format of the last export in this session."""

    def default_folder(self) -> Path:
        """The last export folder of this session, else where smm-tui was started (see screens/export.py)."""
        if self.folder is not None:
            return self.folder
        from smm_tui.ui.screens.export import default_folder

        return default_folder()

    def dialog(self, day: date, fmt: str | None, render: Callable[[date, str], bytes], *,
               cursor_blink: bool) -> ExportDialog:
        from smm_tui.ui.screens.export import ExportDialog

        return ExportDialog(day, fmt or self.format, self.default_folder(), render, cursor_blink=cursor_blink)

    def open(self, host: ExportHost, fmt: str | None) -> None:
        """The dialog for the day on screen, in the host's theme and settings; says where the file went."""
        if host.store is None:
            host.notify("Changes cannot be saved: the data dir could not be opened.", severity="error",
                        markup=False)
            return
        draw = partial(render, host.store, theme=host.themes.spec(host.theme), settings=host.settings)
        day = host.day

        def exported(result: tuple[str, Path] | None) -> None:
            if line := self.done(day, result):
                host.notify(line, title="Export", timeout=15, markup=False)

        host.push_screen(self.dialog(day, fmt, draw, cursor_blink=host.cursor_blink), exported)

    def done(self, day: date, result: tuple[str, Path] | None) -> str:
        """Remember a finished export; the line that says where it went ('' when cancelled)."""
        if result is None:
            return ""
        self.format, path = result
        self.folder = path.parent
        return f"Exported {long_date(day)} to {path}"


def render(store: Store | None, day: date, fmt: str, theme: ThemeSpec | None, settings: Settings | None) -> bytes:
    """A day in `fmt` (svg/html in `theme`); raises the export's errors."""
    from smm_tui.core.errors import SaveError
    from smm_tui.core.export import export_day

    if store is None:
        raise SaveError("the data dir could not be opened")
    return export_day(store, day, fmt, theme=theme, settings=settings)
