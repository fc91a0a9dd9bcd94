"""Where smm-tui keeps things. Functions only: nothing is created at import.

Data dir:   --data-dir, else $SMM_TUI_DATA_DIR, else platformdirs' user data dir.
Config:     --config,   else $SMM_TUI_CONFIG,   else <user config dir>/config.toml.
Themes dir: $SMM_TUI_THEMES_DIR, else `themes/` next to the config file.

The `*_name` functions answer with plain strings and import no pathlib: the
CLI resolves its folders with them on every run, `smm-tui next` included,
which a status bar runs every few seconds (pathlib, with the `re` and
urllib.parse it imports, is a quarter of a `calcurse --next` run; see
cli/next.py). The others wrap them in Paths for the rest of the code.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "smm-tui"


def expand_name(text: str | os.PathLike[str]) -> str:
    """`text` with `~` / `~user` expanded; a `~name` of no user is a one-line UsageError.

    A `~nosuchuser/...` (or `~` with no home at all) stays unexpanded in
    os.path.expanduser, and would become a folder named `~nosuchuser` in the
    current directory - a typo, so it is refused, as Path.expanduser does.
    """
    name = os.fspath(text)
    expanded = os.path.expanduser(name)
    if expanded.startswith("~"):
        from smm_tui.core.errors import UsageError
        from smm_tui.core.text import printable

        raise UsageError(f"{printable(name)}: no such folder (no user by that ~name)")
    return expanded


def expand(text: str | os.PathLike[str]) -> Path:
    """`expand_name` as a Path."""
    from pathlib import Path

    return Path(expand_name(text))


def _xdg_home(variable: str, default: str) -> str | None:
    """The XDG base folder platformdirs would give on Linux, or None where this does not know it.

    What it buys: platformdirs imports pathlib, re, tempfile and shutil - about 15 ms here,
    more than a whole `calcurse --next` run - and a status bar runs `smm-tui next` every few
    seconds, usually without $SMM_TUI_DATA_DIR. On Linux the answer is the XDG base-directory
    rule: $XDG_..._HOME when it is an absolute path, else the default under an absolute $HOME.
    Everything else (other systems, Android, a missing or relative $HOME) is platformdirs'
    to decide. tests/unit/test_paths.py checks, over generated environments, that this always
    agrees with platformdirs itself, so an upgrade that changes its rules fails the tests.
    """
    home = os.environ.get("HOME", "")
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ or not home.startswith("/"):
        return None
    base = os.environ.get(variable, "")
    return os.path.join(base if base.startswith("/") else os.path.expanduser(default), APP_NAME)


def _no_home(exc: RuntimeError, variable: str) -> Exception:
    from smm_tui.core.errors import UsageError
    from smm_tui.core.text import printable

    return UsageError(f"{APP_NAME}: no home folder to keep data in ({printable(str(exc))}); "
                      f"set HOME, or {variable}")


def _user_folder(kind: str, variable: str, default: str, override: str) -> str:
    """smm-tui's user `kind` ("data" or "config") folder: the XDG shortcut, else platformdirs'.

    `override` names the environment variable that would have chosen it, for the error when
    there is no home folder at all.
    """
    folder = _xdg_home(variable, default)
    if folder is not None:
        return folder
    import platformdirs

    try:
        found: str = getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False)
    except RuntimeError as exc:  # no home folder to put it in
        raise _no_home(exc, override) from None
    return found


def data_dir_name(override: str | os.PathLike[str] | None = None) -> str:
    chosen = override or os.environ.get("SMM_TUI_DATA_DIR")
    if chosen:
        return expand_name(chosen)
    return _user_folder("data", "XDG_DATA_HOME", "~/.local/share", "SMM_TUI_DATA_DIR")


def config_file_name(override: str | os.PathLike[str] | None = None) -> str:
    chosen = override or os.environ.get("SMM_TUI_CONFIG")
    if chosen:
        return expand_name(chosen)
    return os.path.join(_user_folder("config", "XDG_CONFIG_HOME", "~/.config", "SMM_TUI_CONFIG"), "config.toml")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    from pathlib import Path

    return Path(data_dir_name(override))


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    from pathlib import Path

    return Path(config_file_name(override))


def themes_dir(config: Path) -> Path:
    chosen = os.environ.get("SMM_TUI_THEMES_DIR")
    if chosen:
        return expand(chosen)
    return config.parent / "themes"

