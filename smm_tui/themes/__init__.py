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
    """The folder of the shipped theme files, found through `importlib.resources`.

    smm-tui is installed as plain files (a wheel or a source checkout), so the
    package's resources are a real directory that can be listed and whose
    paths key the theme cache.
    """
    from importlib.resources import files  # ~2 ms and zipfile: only once a theme file is looked up

    root = files(__name__) / "builtin"
    if not isinstance(root, Path):  # pragma: no cover - a zipped install, which the wheel never is
        raise RuntimeError(f"smm-tui's theme files are not on the file system: {root}")
    return root
