"""Theme documents -> Textual `Theme` objects: the only module of the package that imports textual.

Every theme becomes a `textual.theme.Theme` whose `variables` carry one
colour per kind (`kind-checkin`, ...); widgets use only theme variables, so
every theme just works, and the app's `get_theme_variable_defaults` supplies
the kind colours for Textual's own themes.
"""

from __future__ import annotations

from typing import Any

from textual.theme import Theme

from smm_tui.core.kinds import DEFAULT_KIND_COLORS, KINDS

_COLOR_KEYS = ("primary", "secondary", "accent", "foreground", "background", "surface", "panel",
               "success", "warning", "error")


def variable_defaults() -> dict[str, str]:
    """Kind colours for any theme that lacks them (the app's `get_theme_variable_defaults`)."""
    return {f"kind-{kind}": DEFAULT_KIND_COLORS[kind] for kind in KINDS}


def to_textual(doc: dict[str, Any]) -> Theme:
    """The Textual theme of a spec document; kinds become `kind-<kind>` variables."""
    colors = {key: doc["colors"][key] for key in _COLOR_KEYS if doc["colors"].get(key)}
    variables = {f"kind-{kind}": doc["kinds"].get(kind, DEFAULT_KIND_COLORS[kind]) for kind in KINDS}
    return Theme(name=doc["name"], dark=bool(doc["dark"]), variables=variables, **colors)
