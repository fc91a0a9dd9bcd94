"""The export dialog (`E`, palette "export: day as ..."): one format, one folder, one file.

It writes `smm-day-YYYY-MM-DD.<ext>` for the day on screen into the chosen
folder (a symlink to a folder is followed) with `core.export.write_day_export`
(atomic, created 0600; a symlink to a file is written through, a device or
FIFO is never replaced) and the app says where it went. svg and html use the
app's current theme. An existing file (or a symlink) is replaced only
after the user says so: ExportExists opens a confirmation, and "replace"
writes again with force=True. A folder that is not there and a write that
fails are one line in the dialog, which stays open so the folder can be
fixed; nothing is half-written (write_atomic).

Default folder: the folder smm-tui was started in, like `smm-tui export -o .`
(a terminal user starts it where they work); when that is not a writable
folder (started from a launcher, or from `/`), the Documents folder
(platformdirs), else the home folder. The folder and format of the last
export are remembered for the rest of the session (`ui.exporting.Exports`).
The dialog gets the rendering as a function (`render(day, fmt) -> bytes`):
it knows nothing of the store, the theme or the app.

Imported only when the dialog first opens: the export package (and for ics,
icalendar) is never part of the first frame.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from smm_tui.core.errors import DataError, SmmError, UsageError
from smm_tui.core.export import FORMATS, ExportExists, export_file_name, write_day_export
from smm_tui.core.text import long_date, printable
from smm_tui.ui.screens.modal import Modal
from smm_tui.ui.widgets.controls import show_controls
from smm_tui.ui.widgets.fields import FOCUS_BINDINGS, text_field


def default_folder() -> Path:
    """Where smm-tui was started if that is a writable folder, else Documents, else home."""
    candidates: list[Path] = []
    try:
        candidates.append(Path.cwd())
    except OSError:  # the folder we were started in was deleted
        pass
    from platformdirs import user_documents_dir

    candidates += [Path(user_documents_dir()), Path.home()]
    for folder in candidates:
        if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return candidates[-1]


def one_line(exc: SmmError) -> str:
    """An export error as one line for the dialog (a DataError: its first problem)."""
    text = str(exc.problems[0]) if isinstance(exc, DataError) and exc.problems else str(exc)
    return printable(text.splitlines()[0] if text else type(exc).__name__)


class ExportDialog(Modal[tuple[str, Path] | None]):
    """Choose a format and a folder; dismisses with (format, path written) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export"),
        *FOCUS_BINDINGS,
    ]

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > #export { width: 84; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: thick $primary; padding: 0 2; }
    ExportDialog #export-title { text-style: bold; color: $primary; margin: 1 0; }
    ExportDialog Label { color: $text-muted; }
    ExportDialog OptionList { height: auto; margin-bottom: 1; }
    ExportDialog #file-name { color: $text-muted; margin-top: 1; }
    ExportDialog #export-error { color: $error; }
    ExportDialog #export-error.-empty { display: none; }
    ExportDialog #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ExportDialog Button { margin-left: 1; }
    """

    def __init__(self, day: date, fmt: str, folder: Path, render: Callable[[date, str], bytes], *,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.render_export = render
        """The day in a format, as bytes (raises the export's errors)."""
        self.day = day
        self.fmt = fmt if fmt in FORMATS else "svg"
        self.folder = folder
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        names = list(FORMATS)
        options = [Option(Content(f"{name:<5} {FORMATS[name].description}"), id=name) for name in names]
        with Vertical(id="export"):
            yield Static(f"Export {long_date(self.day)}", id="export-title")
            yield Label("Format")
            yield OptionList(*options, id="formats")
            yield Label("Folder")
            yield text_field(str(self.folder), placeholder="a folder, e.g. ~/reports", id="folder", compact=True)
            yield Static("", id="file-name", markup=False)
            yield Static("", id="export-error", classes="-empty", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Export  ctrl+s", variant="primary", id="export-button", compact=True)

    def on_mount(self) -> None:
        self.query_one("#folder", Input).cursor_blink = self.cursor_blink
        show_controls(self.query_one("#folder", Input))
        formats = self.query_one(OptionList)
        formats.highlighted = list(FORMATS).index(self.fmt)
        formats.focus()
        self._show_file_name()

    def _show_file_name(self) -> None:
        self.query_one("#file-name", Static).update(f"File: {export_file_name(self.day, self.fmt)}")

    def show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(message)
        error.set_class(not message, "-empty")

    @property
    def error_text(self) -> str:
        return str(self.query_one("#export-error", Static).render())

    @on(OptionList.OptionHighlighted, "#formats")
    def _format_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.fmt = event.option.id
            self._show_file_name()

    @on(OptionList.OptionSelected, "#formats")
    def _format_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.fmt = event.option.id
        self.action_export()

    @on(Input.Submitted, "#folder")
    def _folder_submitted(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-button")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def chosen_folder(self) -> Path | None:
        """The folder field as an absolute path (~ expanded), or None after saying what is wrong."""
        text = self.query_one("#folder", Input).value.strip()
        if not text:
            self.show_error("Choose a folder to export to.")
            return None
        from smm_tui.paths import expand

        try:
            folder = expand(text)
        except UsageError as exc:  # "~name" for a user that does not exist (or no home at all)
            self._folder_problem(str(exc))
            return None
        if not folder.is_absolute():
            folder = Path.cwd() / folder
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "no such folder"
            self._folder_problem(printable(f"{folder}: {what}"))
            return None
        return folder

    def _folder_problem(self, message: str) -> None:
        self.show_error(message)
        self.query_one("#folder", Input).focus()

    def action_export(self, force: bool = False) -> None:
        """Write the file; ask first when it exists; a problem is one line here."""
        if self.closing:  # a second Enter queued behind the one that exported (see screens/modal.py)
            return
        folder = self.chosen_folder()
        if folder is None:
            return
        self.show_error("")
        try:
            data = self.render_export(self.day, self.fmt)
            path = write_day_export(folder, self.day, self.fmt, data, force=force)
        except ExportExists as exc:
            self.app.push_screen(ConfirmReplace(exc.path, symlink=exc.symlink), self._replace_answered)
            return
        except SmmError as exc:
            self.show_error(f"Not exported: {one_line(exc)}")
            return
        self.dismiss((self.fmt, path))

    def _replace_answered(self, replace: bool | None) -> None:
        if replace:
            self.action_export(force=True)
        else:
            self.show_error("Not exported: the existing file was kept (choose another folder, or replace it).")

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmReplace(Modal[bool]):
    """"smm-day-....svg already exists in FOLDER. Replace it?" - y replaces, n or Esc keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Replace"),
        Binding("n,escape", "answer(False)", "Keep"),
    ]

    DEFAULT_CSS = """
    ConfirmReplace { align: center middle; }
    ConfirmReplace > Vertical { width: 70; max-width: 100%; height: auto; background: $panel;
        border: thick $warning; padding: 1 2; }
    ConfirmReplace #question { margin-bottom: 1; }
    ConfirmReplace #answers { height: auto; align-horizontal: right; }
    ConfirmReplace Button { margin-left: 1; }
    """

    def __init__(self, path: Path, *, symlink: bool) -> None:
        super().__init__()
        self.path = path
        self.symlink = symlink

    def compose(self) -> ComposeResult:
        where = printable(str(self.path.parent))
        name = printable(self.path.name)
        if self.symlink:
            question = (f"{name} in {where} is a symlink. Replace the file it points to with the export? "
                        "(The link stays.)")
        else:
            question = f"{name} already exists in {where}. Replace it?"
        with Vertical():
            yield Static(question, id="question", markup=False)
            with Horizontal(id="answers"):
                yield Button("Keep it  n", id="keep", compact=True)
                yield Button("Replace  y", variant="warning", id="replace", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()  # the safe answer is the default

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)

    @on(Button.Pressed, "#replace")
    def _replace(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(False)
