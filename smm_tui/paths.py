"""Where smm-tui keeps things. Functions only: nothing is created at import.

Data dir:   --data-dir, else $SMM_TUI_DATA_DIR, else platformdirs' user data dir.
Config:     --config,   else $SMM_TUI_CONFIG,   else <user config dir>/config.toml.
Themes dir: $SMM_TUI_THEMES_DIR, else `themes/` next to the config file.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "smm-tui"


def expand(text: str | os.PathLike[str]) -> Path:
    """`text` with `~` / `~user` expanded; a `~name` of no user is a one-line UsageError.

    Path.expanduser raises RuntimeError for `~nosuchuser/...` (and when there
    is no home at all) - a typo, not a reason for an internal error.
    """
    try:
        return Path(text).expanduser()
    except RuntimeError:
        from smm_tui.core.errors import UsageError
        from smm_tui.core.text import printable

        raise UsageError(f"{printable(os.fspath(text))}: no such folder (no user by that ~name)") from None


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get("SMM_TUI_DATA_DIR")
    if chosen:
        return expand(chosen)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get("SMM_TUI_CONFIG")
    if chosen:
        return expand(chosen)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def themes_dir(config: Path) -> Path:
    chosen = os.environ.get("SMM_TUI_THEMES_DIR")
    if chosen:
        return expand(chosen)
    return config.parent / "themes"

