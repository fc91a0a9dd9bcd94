"""Themes: one concept, one package.

- `spec`: theme files (TOML) -> validated `ThemeSpec` (pydantic); shared by the
  TUI and the SVG/HTML exporters. No textual.
- `cache`: a content-addressed cache of validated theme documents, so the
  first frame gets its theme without pydantic. No textual.
- `bridge`: a theme document -> `textual.theme.Theme` with one `kind-*`
  variable per kind. The only module here that imports textual.
- `choice`: saving the chosen theme in config.toml (only its `theme` line).
- `builtin/`: the shipped theme files, data inside the package.

Importing the package costs nothing: its modules are imported where used.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_THEME = "hectic"
"""The theme of a new user, and the fallback when the chosen one is broken or missing."""


def builtin_dir() -> Path:
    """The folder of the shipped theme files: `builtin/` beside this module.

    smm-tui is installed as plain files (a wheel or a source checkout), so the
    package's data is a real directory that can be listed and whose paths key
    the theme cache. For such a package `importlib.resources.files` answers
    this same path, but importing it (with zipfile) cost ~3 ms of every first
    frame, which looks up its theme here (ui/startup.py, item 7).
    """
    root = Path(__file__).parent / "builtin"
    if not root.is_dir():  # pragma: no cover - a zipped install, which the wheel never is
        raise RuntimeError(f"smm-tui's theme files are not on the file system: {root}")
    return root
