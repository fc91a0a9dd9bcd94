"""The palette's "Screenshot": an SVG picture of the screen, saved where exports go, and said where.

Textual's own command saves into ~/Downloads and, when that folder does not
exist (a server, a fresh account), says only "Failed to save screenshot".
Ours saves into the export folder of this session (the export dialog's
default: the last export's folder, else where smm-tui was started, else
Documents or home; ui/screens/export.py), creating it when it is missing,
and the status line says where the file went - or, on failure, the error
says why and where it tried. The file name comes from the injected clock
(`smm-tui-screen-YYYY-MM-DD-HHMMSS.svg`), never from the system time, and
the file is written atomically and never over an existing one.

Imported when the command runs: not part of the first frame.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui.core.atomicfile import ensure_dir
from smm_tui.core.errors import SmmError
from smm_tui.core.export import ExportExists, write_export

if TYPE_CHECKING:
    from textual.app import App

ATTEMPTS = 20
"""Names tried (…-2.svg, …-3.svg) when a screenshot of the same second is already there."""


def screenshot_name(now: datetime, attempt: int = 1) -> str:
    suffix = f"-{attempt}" if attempt > 1 else ""
    return f"smm-tui-screen-{now:%Y-%m-%d-%H%M%S}{suffix}.svg"


def save_screenshot(app: App[Any], folder: Path, now: datetime) -> Path | None:
    """Save the screen as SVG into `folder` (the export folder); say where (or why not). Returns the path written."""
    data = app.export_screenshot().encode("utf-8")
    try:
        ensure_dir(folder)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                path = write_export(folder / screenshot_name(now, attempt), data)
                break
            except ExportExists:
                continue
        else:
            raise SmmError(f"{folder}: {ATTEMPTS} screenshots of {now:%H:%M:%S} are already there")
    except (SmmError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        app.notify(f"Screenshot not saved in {folder}: {reason}", title="Screenshot", severity="error",
                   markup=False)
        return None
    app.notify(f"Screenshot saved to {path}", timeout=15, markup=False)
    return path
