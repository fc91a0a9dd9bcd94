"""Exporting a day (or a range of days): one registry in front of one module per format.

Every exporter is a pure function of `core.timeline` timelines and
`ExportOptions` (the export moment, the theme's palette, reminder leads,
band starts) and returns bytes; none of them re-derives a time. Format
modules are imported only when used (ics pulls in icalendar).

For the CLI and the TUI's export dialog:

    data = export_day(store, day, "svg", theme=spec, settings=settings)
    path = write_export(folder, export_file_name(day, "svg"), data)

`write_export` never overwrites (ExportExists) unless `force=True`, never
writes through a symlink, and writes atomically (core.atomicfile).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui.core.errors import SaveError, UsageError
from smm_tui.core.export.options import ExportOptions, Palette

if TYPE_CHECKING:
    from smm_tui.core.settings import CoreSettings
    from smm_tui.core.store import Store
    from smm_tui.core.timeline import Timeline

MAX_RANGE_DAYS = 366


@dataclass(frozen=True, slots=True)
class Format:
    """One export format: how it is named, what it is, whether it can hold several days."""

    name: str
    extension: str
    media_type: str
    description: str
    supports_range: bool
    module: str

    def _module(self) -> Any:
        return importlib.import_module(f"smm_tui.core.export.{self.module}")

    def render_day(self, timeline: Timeline, options: ExportOptions) -> bytes:
        result: bytes = self._module().render_day(timeline, options)
        return result

    def render_range(self, timelines: Sequence[Timeline], options: ExportOptions) -> bytes:
        if not self.supports_range:
            raise UsageError(range_refusal(self.name))
        result: bytes = self._module().render_range(timelines, options)
        return result


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("svg", "svg", "image/svg+xml", "the day as an infographic (one A4 page)", False, "svg"),
        Format("html", "html", "text/html", "the infographic in a printable page", False, "html"),
        Format("ics", "ics", "text/calendar", "iCalendar: one event per task, with alarms", True, "ics"),
        Format("md", "md", "text/markdown", "a checklist per band", True, "md"),
        Format("txt", "txt", "text/plain", "the aligned agenda of `smm-tui today`", False, "txt"),
        Format("json", "json", "application/json", "the versioned JSON document of `today --json`", True, "json"),
    )
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)

STYLES: dict[str, str] = {
    "card": "one card per slot along a time line (the default)",
    "poster": "the day drawn to scale: bands as sections, blocks as tall as their slots",
    "lanes": "one lane per platform, the slots in their lanes to scale",
}
"""How svg and html draw the day; the other formats have one look."""
STYLE_NAMES: tuple[str, ...] = tuple(STYLES)
_STYLED: dict[tuple[str, str], str] = {
    ("svg", "poster"): "poster_svg",
    ("html", "poster"): "poster_html",
    ("svg", "lanes"): "lanes_svg",
    ("html", "lanes"): "lanes_html",
}
RANGE_FORMATS: tuple[str, ...] = tuple(name for name, f in FORMATS.items() if f.supports_range)


def get_format(name: str, style: str = "card") -> Format:
    """The format `name` drawn in `style`; UsageError for an unknown name or a style the format lacks."""
    try:
        chosen = FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown export format {name!r} (choose from {', '.join(FORMAT_NAMES)})") from None
    if style == "card":
        return chosen
    if style not in STYLES:
        raise UsageError(f"unknown style {style!r} (choose from {', '.join(STYLE_NAMES)})")
    module = _STYLED.get((name, style))
    if module is None:
        raise UsageError(f"--style {style} is drawn as svg or html, not {name}")
    return replace(chosen, module=module, description=STYLES[style])


def range_refusal(name: str) -> str:
    return f"{name} holds one day; export a range (--from/--to) as {', '.join(RANGE_FORMATS)}"


def export_file_name(day: date, fmt: str, last: date | None = None) -> str:
    """`smm-day-YYYY-MM-DD.<ext>`, or `smm-days-FROM-to-TO.<ext>` for a range: fixed characters only."""
    extension = get_format(fmt).extension
    if last is not None and last != day:
        return f"smm-days-{day.isoformat()}-to-{last.isoformat()}.{extension}"
    return f"smm-day-{day.isoformat()}.{extension}"


def days_between(first: date, last: date) -> list[date]:
    """Every date from `first` to `last` inclusive; UsageError when reversed or over MAX_RANGE_DAYS."""
    if first > last:
        raise UsageError(f"the range is reversed: --from {first} is after --to {last}")
    count = (last - first).days + 1
    if count > MAX_RANGE_DAYS:
        raise UsageError(f"the range covers {count} days; the limit is {MAX_RANGE_DAYS}")
    return [first + timedelta(days=offset) for offset in range(count)]


def options_for(store: Store, theme: Any = None, settings: CoreSettings | None = None) -> ExportOptions:
    """ExportOptions from the store's clock, a theme (ThemeSpec or Palette) and Settings (or defaults)."""
    palette = theme if isinstance(theme, Palette) else Palette.from_theme(theme) if theme is not None else None
    now = store.clock.now()
    if settings is None:
        return ExportOptions(now=now, palette=palette or Palette())
    return ExportOptions.from_settings(settings, now, palette)


def timeline_of(store: Store, day: date, options: ExportOptions) -> Timeline:
    """The validated timeline of a day, with the configured band starts."""
    from smm_tui.core.timeline import build

    return build(store.load_day(day), options.bands, source="file" if store.has_day_file(day) else "routine")


def export_day(store: Store, day: date, fmt: str, theme: Any = None, *, settings: CoreSettings | None = None,
               style: str = "card") -> bytes:
    """One day in one format (svg and html: in a style of STYLES), as bytes.

    theme: a `smm_tui.themes.spec.ThemeSpec` (or a Palette), used by svg/html; None for the default look.
    settings: `smm_tui.config.Settings` for band starts and reminder leads; None for the defaults.
    The export moment (missed marks, DTSTAMP) is `store.clock.now()`.
    """
    chosen = get_format(fmt, style)
    options = options_for(store, theme, settings)
    return chosen.render_day(timeline_of(store, day, options), options)


def export_range(store: Store, first: date, last: date, fmt: str, theme: Any = None, *,
                 settings: CoreSettings | None = None) -> bytes:
    """Several days in one file (ics, md, json)."""
    chosen = get_format(fmt)
    if not chosen.supports_range:
        raise UsageError(range_refusal(fmt))
    options = options_for(store, theme, settings)
    timelines = [timeline_of(store, day, options) for day in days_between(first, last)]
    return chosen.render_range(timelines, options)


class ExportExists(UsageError):
    """The target exists (or is a symlink) and the caller did not ask to replace it."""

    def __init__(self, path: Path, *, symlink: bool) -> None:
        self.path = path
        self.symlink = symlink
        what = "is a symlink; use --force to write through it to its file" if symlink else \
            "already exists; use --force to replace it"
        super().__init__(f"{path}: {what}")


def write_export(target: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `target` atomically and return the path written.

    A directory as `target` gets nothing (pass `folder / export_file_name(...)`).
    Without `force`, an existing file or any symlink at `target` is refused
    with ExportExists, and the refusal and the write are one atomic step. With
    `force`, a regular file is replaced and a symlink to one is written through
    (its target replaced atomically, the link kept); a device, FIFO, socket or
    directory - or a link to one - is refused and left alone.
    """
    from smm_tui.core.atomicfile import write_atomic

    target = Path(target)
    if target.is_dir():
        raise UsageError(f"{target}: is a directory; give a file name")
    try:
        write_atomic(target, data, exclusive=not force)
    except FileExistsError:
        raise ExportExists(target, symlink=target.is_symlink()) from None
    except OSError as exc:
        raise SaveError(f"{target}: cannot write the export ({exc.strerror or exc})") from None
    return target


def write_day_export(folder: Path, day: date, fmt: str, data: bytes, *, force: bool = False) -> Path:
    """Write a day's export as `smm-day-YYYY-MM-DD.<ext>` into `folder` (the TUI dialog's writer)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    return write_export(folder / export_file_name(day, fmt), data, force=force)


__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "MAX_RANGE_DAYS",
    "RANGE_FORMATS",
    "STYLES",
    "STYLE_NAMES",
    "ExportExists",
    "ExportOptions",
    "Format",
    "Palette",
    "days_between",
    "export_day",
    "export_file_name",
    "export_range",
    "get_format",
    "options_for",
    "timeline_of",
    "write_day_export",
    "write_export",
]
