"""Where smm-tui keeps things. Functions only: nothing is created at import.

Data dir:   --data-dir, else $SMM_TUI_DATA_DIR, else platformdirs' user data dir.
Config:     --config,   else $SMM_TUI_CONFIG,   else <user config dir>/config.toml.
Themes dir: $SMM_TUI_THEMES_DIR, else `themes/` next to the config file.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "smm-tui"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get("SMM_TUI_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get("SMM_TUI_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def themes_dir(config: Path) -> Path:
    chosen = os.environ.get("SMM_TUI_THEMES_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return config.parent / "themes"


def builtin_themes_dir() -> Path:
    """Themes shipped with the package: inside the wheel, or `themes/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "themes"
    return packaged if packaged.is_dir() else here.parent / "themes"
