"""Theme files: TOML data describing the app's colours and one colour per kind.

This module knows nothing of textual: the TUI turns a `ThemeSpec` into a
`textual.theme.Theme` (`bridge`), the SVG/HTML exporters read the same
spec for their colours. Themes are data, never code; a broken theme file is
reported as one `path:line: field: message` Problem and skipped, so the app
falls back to the default theme instead of failing to start.

File format (`builtin/<name>.toml`, or `<name>.toml` in the user themes dir):

    name = "hectic"            # optional, defaults to the file name
    description = "..."        # optional
    dark = false

    [colors]                   # hex colours: #RGB, #RRGGBB or #RRGGBBAA
    primary = "#E4572E"        # required; the others are optional
    secondary = "..."  accent = "..."  foreground = "..."  background = "..."
    surface = "..."  panel = "..."  success = "..."  warning = "..."  error = "..."

    [kinds]                    # one colour per kind; missing kinds use DEFAULT_KIND_COLORS
    checkin = "#..."  monitor = "#..."  reply = "#..."  ...
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from smm_tui.core import tomlfile
from smm_tui.core.errors import DataError, Problem
from smm_tui.core.kinds import DEFAULT_KIND_COLORS, KINDS
from smm_tui.core.text import shown
from smm_tui.themes import DEFAULT_THEME, builtin_dir

__all__ = ["DEFAULT_THEME", "ThemeSpec", "builtin_themes", "load_theme_file", "load_themes"]

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


def _hex_color(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"expected a hex colour like '#E4572E', got {shown(value)}")
    return value.upper()


HexColor = Annotated[str, AfterValidator(_hex_color)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colors(_Strict):
    """The base colours textual derives its whole palette from."""

    primary: HexColor
    secondary: HexColor | None = None
    accent: HexColor | None = None
    foreground: HexColor | None = None
    background: HexColor | None = None
    surface: HexColor | None = None
    panel: HexColor | None = None
    success: HexColor | None = None
    warning: HexColor | None = None
    error: HexColor | None = None


class KindColors(_Strict):
    checkin: HexColor = DEFAULT_KIND_COLORS["checkin"]
    monitor: HexColor = DEFAULT_KIND_COLORS["monitor"]
    reply: HexColor = DEFAULT_KIND_COLORS["reply"]
    publish: HexColor = DEFAULT_KIND_COLORS["publish"]
    meeting: HexColor = DEFAULT_KIND_COLORS["meeting"]
    research: HexColor = DEFAULT_KIND_COLORS["research"]
    analytics: HexColor = DEFAULT_KIND_COLORS["analytics"]
    schedule: HexColor = DEFAULT_KIND_COLORS["schedule"]
    break_: HexColor = Field(default=DEFAULT_KIND_COLORS["break"], alias="break")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def as_dict(self) -> dict[str, str]:
        return {kind: getattr(self, "break_" if kind == "break" else kind) for kind in KINDS}


class ThemeSpec(_Strict):
    """One theme as read from its file."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
    description: str = ""
    dark: bool = True
    colors: Colors
    kinds: KindColors = KindColors()

    def kind_colors(self) -> dict[str, str]:
        return self.kinds.as_dict()

    def variables(self) -> dict[str, str]:
        """Extra theme variables, one per kind: `kind-checkin`, `kind-monitor`, ..."""
        return {f"kind-{kind}": color for kind, color in self.kind_colors().items()}


def load_theme_file(path: Path) -> ThemeSpec:
    """One theme file; DataError naming the file, line and field when it is broken."""
    try:
        data = tomlfile.read_bytes(path)
    except OSError as exc:
        raise DataError([Problem(path, f"cannot read: {exc.strerror or exc}")]) from None
    raw = tomlfile.parse(path, data)
    raw.pop("version", None)
    raw.setdefault("name", path.stem.lower())
    from pydantic import ValidationError

    try:
        return ThemeSpec.model_validate(raw)
    except ValidationError as exc:
        raise DataError(tomlfile.validation_problems(path, data.decode("utf-8", "replace"), exc)) from None
    except RecursionError:
        raise DataError([Problem(path, "value nesting is too deep")]) from None


def load_themes(*directories: Path) -> tuple[dict[str, ThemeSpec], list[Problem]]:
    """Every *.toml theme in the directories (later ones override earlier), and the failures."""
    themes: dict[str, ThemeSpec] = {}
    failures: list[Problem] = []
    for directory in directories:
        try:
            paths = sorted(directory.glob("*.toml"))
        except OSError:
            continue
        for path in paths:
            try:
                spec = load_theme_file(path)
            except DataError as exc:
                failures.extend(exc.problems)
                continue
            themes[spec.name] = spec
    return themes, failures


def builtin_themes() -> dict[str, ThemeSpec]:
    """The shipped themes only (these are tested; a failure here is a bug)."""
    themes, failures = load_themes(builtin_dir())
    if failures:
        raise DataError(failures)
    return themes
