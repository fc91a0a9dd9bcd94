"""What an exporter needs besides the timeline: the moment, the colours, the reminder leads.

Plain frozen dataclasses, no pydantic and no theme files: the caller (CLI or
TUI) resolves the theme and the settings and hands the values in, so the
exporters stay pure functions of (timelines, options) and are tested with a
frozen `now` and no files at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smm_tui.core.kinds import KINDS
from smm_tui.core.timeline import BandStarts

if TYPE_CHECKING:
    from smm_tui.core.settings import CoreSettings
    from smm_tui.core.timeline import Entry

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")

# The look of the built-in hectic theme, for callers that pass no theme (a test keeps them equal).
FALLBACK_KIND_COLORS: dict[str, str] = {
    "checkin": "#E4572E",
    "monitor": "#0E9F9C",
    "reply": "#D7263D",
    "publish": "#4C9F38",
    "meeting": "#7B2CBF",
    "research": "#1E88E5",
    "analytics": "#E07A00",
    "schedule": "#3D5A80",
    "break": "#7D8597",
}


def _hex6(value: str) -> str:
    """#RGB / #RRGGBB / #RRGGBBAA -> #RRGGBB (alpha dropped: SVG 1.1 viewers ignore it)."""
    if not _HEX.match(value):
        raise ValueError(f"expected a hex colour like '#E4572E', got {value!r}")
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits[:6].upper()


@dataclass(frozen=True, slots=True)
class Palette:
    """The colours of the svg/html infographic, taken from a theme (`Palette.from_theme`).

    Every value is checked to be a hex colour, so nothing from a theme file can
    smuggle markup or CSS into an export.
    """

    name: str = "hectic"
    dark: bool = False
    kinds: Mapping[str, str] = field(default_factory=lambda: dict(FALLBACK_KIND_COLORS))
    foreground: str = "#2B2118"
    background: str = "#FFF6E5"
    surface: str = "#FFFFFF"
    panel: str = "#FCE9C8"
    primary: str = "#E4572E"
    success: str = "#2E9E44"
    warning: str = "#F29E4C"
    error: str = "#C62828"

    def __post_init__(self) -> None:
        for name in ("foreground", "background", "surface", "panel", "primary", "success", "warning", "error"):
            object.__setattr__(self, name, _hex6(getattr(self, name)))
        kinds = {kind: _hex6(self.kinds.get(kind, FALLBACK_KIND_COLORS[kind])) for kind in KINDS}
        object.__setattr__(self, "kinds", kinds)

    def kind(self, kind: str) -> str:
        return self.kinds.get(kind, self.primary)

    @classmethod
    def from_theme(cls, spec: Any) -> Palette:
        """From a `smm_tui.themes.spec.ThemeSpec` (duck-typed: core does not import the theme loader).

        Colours a theme leaves out get defaults that suit its `dark` flag.
        """
        colors = spec.colors
        dark = bool(spec.dark)
        base = _DARK if dark else _LIGHT

        def pick(name: str) -> str:
            value = getattr(colors, name, None)
            return value if value else base[name]

        return cls(
            name=spec.name,
            dark=dark,
            kinds=dict(spec.kind_colors()),
            foreground=pick("foreground"),
            background=pick("background"),
            surface=pick("surface"),
            panel=pick("panel"),
            primary=colors.primary,
            success=pick("success"),
            warning=pick("warning"),
            error=pick("error"),
        )


_LIGHT = {"foreground": "#222222", "background": "#FFFFFF", "surface": "#FFFFFF", "panel": "#EEEEEE",
          "success": "#2E7D32", "warning": "#EF6C00", "error": "#C62828"}
_DARK = {"foreground": "#E6E6E6", "background": "#121212", "surface": "#1E1E1E", "panel": "#2A2A2A",
         "success": "#66BB6A", "warning": "#FFA726", "error": "#EF5350"}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Everything besides the timelines that shapes an export."""

    now: datetime
    """The export moment from the injected clock (aware): DTSTAMP, `generated_at`, missed/overdue marks."""
    palette: Palette = field(default_factory=Palette)
    lead_minutes: int = 10
    """config `lead_minutes`: the reminder lead when neither the task nor `kind_leads` sets one."""
    kind_leads: Mapping[str, int] = field(default_factory=dict)
    """config `[reminders] kind_leads`."""
    at_start: bool = True
    """config `[reminders] at_start`: with a lead of 0 the reminder is at the start."""
    bands: BandStarts = field(default_factory=BandStarts)
    """config `[bands]`: where the bands begin (the svg shows them in the band headings)."""
    lanes: tuple[str, ...] = ()
    """config `lanes`: the platforms that get a lane in `--style lanes`, in order; empty: the day's."""

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("ExportOptions.now must be timezone-aware (take it from the clock)")

    def lead_for(self, entry: Entry) -> int:
        """The reminder lead of a slot, by the reminder engine's rule: task, then kind, then default."""
        if entry.lead is not None:
            return entry.lead
        return self.kind_leads.get(entry.kind, self.lead_minutes)

    @classmethod
    def from_settings(cls, settings: CoreSettings, now: datetime, palette: Palette | None = None) -> ExportOptions:
        """From the user's settings (`smm_tui.config.Settings`)."""
        return cls(
            now=now,
            palette=palette or Palette(),
            lead_minutes=settings.lead_minutes,
            kind_leads=dict(settings.reminders.kind_leads.items()),
            at_start=settings.reminders.at_start,
            bands=settings.bands.starts(),
            lanes=tuple(settings.lanes or ()),
        )
